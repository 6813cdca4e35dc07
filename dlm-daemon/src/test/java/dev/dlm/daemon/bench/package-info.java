/** Measurements of the daemon under load (run by hand; not part of the test suite). */
package dev.dlm.daemon.bench;
