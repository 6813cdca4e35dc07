/**
 * End-to-end tests of {@code dlm get} over HTTP against a real nginx: segmented downloads, resume
 * after SIGKILL within the checkpoint bound (counted from nginx's access log), exit codes and naming
 * as users see them.
 */
package dev.dlm.it.http;
