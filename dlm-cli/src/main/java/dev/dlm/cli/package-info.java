/**
 * The {@code dlm} command line: the top-level command and its global options, the home
 * directories, logging, Ctrl-C, and the shell every command runs in.
 */
package dev.dlm.cli;
