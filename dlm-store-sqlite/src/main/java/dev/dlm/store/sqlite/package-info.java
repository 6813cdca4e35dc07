/**
 * The embedded job store: {@link dev.dlm.store.sqlite.SqliteJobStore}, the SQLite implementation of
 * the engine's {@link dev.dlm.core.store.JobStore} port, with its versioned schema migrations.
 *
 * <p>SQLite because {@code dlm get} and the daemon need durable state without a server to run; WAL
 * with {@code synchronous=NORMAL} because a commit must be atomic and ordered, and the engine forces
 * the bytes a checkpoint records before recording it, so losing the latest commits to a power cut
 * loses progress, never correctness. The
 * rest of the package maps rows to records ({@code JobRows}, {@code RequestJson}, {@code RangeBlob}),
 * prepares the database file ({@code OwnerOnlyFile}), applies migrations ({@code Migrations}) and turns
 * SQLite's errors into one-line messages ({@code StoreErrors}). docs/design/store.md has the reasons.
 */
package dev.dlm.store.sqlite;
