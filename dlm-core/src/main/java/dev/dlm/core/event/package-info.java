/** What the engine tells its observers, and the bus that delivers it without blocking a transfer. */
package dev.dlm.core.event;
