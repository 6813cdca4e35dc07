/**
 * Bandwidth caps: a token bucket per download, nested under one for the whole engine. A connection
 * pays for what it read, and waits while its bucket is in debt.
 */
package dev.dlm.core.rate;
