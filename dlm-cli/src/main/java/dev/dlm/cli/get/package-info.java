/**
 * {@code dlm get}: its options, the embedded engine it composes, and the batch of downloads it runs
 * in the foreground.
 */
package dev.dlm.cli.get;
