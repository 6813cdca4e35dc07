/**
 * The persistent download queue: which jobs run, in what order, how many at once, and what happens
 * when one is paused, resumed, removed, fails or the daemon stops. Jobs live in the {@link
 * dev.dlm.core.store.JobStore}; only active ones are held in memory.
 */
package dev.dlm.daemon.queue;
