/**
 * Where a download's bytes live: the {@code .part} file written at offsets, the choice of a safe,
 * free target name, and the atomic rename into place. Every server-supplied name passes through
 * {@link dev.dlm.core.storage.FileNames} and every final path is checked to stay inside the
 * download's directory.
 */
package dev.dlm.core.storage;
