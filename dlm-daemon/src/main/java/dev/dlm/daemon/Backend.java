package dev.dlm.daemon;

import dev.dlm.core.store.JobStore;
import dev.dlm.daemon.queue.Launcher;
import java.util.function.LongConsumer;

/**
 * What the daemon drives: the job store, how a download run starts, and the global rate cap. In
 * production these are the SQLite store and the engine ({@code engine::start}, {@code
 * engine::limitGlobalRate}); tests hand in a scripted engine.
 *
 * @param closer closes the engine and then the store, after the queue has stopped every run
 */
public record Backend(
    JobStore store,
    Launcher launcher,
    LongConsumer globalLimitBytesPerSecond,
    AutoCloseable closer) {}
