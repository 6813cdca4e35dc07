/** The {@code dlm daemon} command: runs the daemon in the foreground until SIGTERM or Ctrl-C. */
package dev.dlm.cli.daemon;
