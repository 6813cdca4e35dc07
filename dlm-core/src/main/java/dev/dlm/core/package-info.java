/**
 * The engine's public API: {@link dev.dlm.core.Engine} turns a {@link dev.dlm.core.DownloadRequest}
 * into a running {@link dev.dlm.core.Download}. The work itself lives in the feature packages below
 * (transfer, storage, rate, event); this package names no protocol.
 */
package dev.dlm.core;
