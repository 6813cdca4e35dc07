/** The daemon's composition root. */
package dev.dlm.daemon;
