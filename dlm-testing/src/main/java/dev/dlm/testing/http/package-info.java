/**
 * {@link dev.dlm.testing.http.HttpOrigin}: a small HTTP/1.1 origin on raw sockets that serves
 * generated files and injects the faults real servers produce (dropped connections, truncated or
 * over-long bodies, ignored or wrong ranges, changed files, throttling, stalls, scripted statuses),
 * and logs what it actually sent so tests can assert how many bytes a resume fetched again.
 */
package dev.dlm.testing.http;
