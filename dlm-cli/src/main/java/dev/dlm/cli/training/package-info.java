/**
 * The training run behind {@code ./dlm}'s ahead-of-time cache: real {@code dlm} commands against a
 * local server, so the JVM records the classes and profiles that a real download uses.
 */
package dev.dlm.cli.training;
