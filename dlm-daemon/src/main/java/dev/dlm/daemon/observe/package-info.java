/**
 * What the daemon tells operators: Prometheus metrics, the log file, and the commands run when a
 * download completes or fails.
 */
package dev.dlm.daemon.observe;
