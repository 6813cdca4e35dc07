/**
 * The daemon's composition root ({@link dev.dlm.daemon.Daemon}) and what it keeps in its home: the
 * config file, the API token, and the address record that lets client commands find it.
 */
package dev.dlm.daemon;
