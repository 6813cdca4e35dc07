/**
 * One download from request to renamed file: probe, plan, transfer over many connections with work
 * stealing, durable checkpoints, trailing verification, and the atomic finish. {@link
 * dev.dlm.core.transfer.DownloadRun} assembles the stages; {@link dev.dlm.core.transfer.Downloads}
 * is the engine's entry point into this package.
 */
package dev.dlm.core.transfer;
