/**
 * Test harness for end-to-end tests: real servers started per test class on loopback (nginx, vsftpd, sshd),
 * deterministic seeded files, nginx's access log as the server-side record of bytes served, and the
 * real {@code dlm} binary run as a separate process that can be killed with SIGKILL.
 *
 * <p>Every server binds 127.0.0.1 on a free port, keeps its config, logs and pid file in a directory
 * of the test's own, and only the processes a test started are ever stopped.
 */
package dev.dlm.it.harness;
