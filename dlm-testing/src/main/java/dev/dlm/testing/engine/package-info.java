/**
 * Test support for running real downloads through the engine: {@link
 * dev.dlm.testing.engine.EngineKit} builds an engine from a store and the providers under test and
 * runs downloads to their outcomes; {@link dev.dlm.testing.engine.CountingProvider} shows how many
 * streams the engine let a protocol open at once.
 */
package dev.dlm.testing.engine;
