/**
 * Tests of the shaded jar that {@code ./dlm} runs, for what the build does to it after shading (the
 * class files rewritten for the JDK's start-up cache).
 */
package dev.dlm.it.packaging;
