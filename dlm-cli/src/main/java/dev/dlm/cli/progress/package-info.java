/**
 * How a running download looks on a terminal, in a log or to a script: live coloured bars, plain
 * periodic lines, or JSON lines, all drawn from engine events off the engine's threads.
 */
package dev.dlm.cli.progress;
