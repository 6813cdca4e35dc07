/** The engine's port to durable job state; implementations live in their own modules. */
package dev.dlm.core.store;
