/**
 * End-to-end tests of {@code dlm get} over FTP and FTPS against a real vsftpd logging in a real
 * account: segmented downloads, a server connection limit below {@code -x}, explicit and implicit
 * TLS, login and 550 errors as users see them, recursive downloads through symlink loops, and resume
 * after SIGKILL bounded by the bytes vsftpd logged.
 */
package dev.dlm.it.ftp;
