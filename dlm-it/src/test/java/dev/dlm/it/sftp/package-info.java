/**
 * End-to-end tests of {@code dlm get} over SFTP against OpenSSH's sshd: key login, known_hosts
 * checks (unknown, accepted, changed) with a user home of the test's own, and resume after SIGKILL
 * bounded by the bytes sftp-server logged.
 */
package dev.dlm.it.sftp;
