-- One row per download job. docs/design/store.md explains each choice.
--
-- seq is the rowid (AUTOINCREMENT: never reused, even after the newest job is deleted), so it is
-- both the FIFO order within a priority and the cheapest possible row address; id is the public
-- identity and key the "same URL, same target" identity, both unique.
CREATE TABLE jobs (
  seq                    INTEGER PRIMARY KEY AUTOINCREMENT,
  id                     TEXT    NOT NULL UNIQUE,
  key                    TEXT    NOT NULL UNIQUE,
  request                TEXT    NOT NULL,  -- JSON: urls, directory, fileName, limits, checksum, headers, flags
  state                  TEXT    NOT NULL,  -- DownloadState.code()
  priority               INTEGER NOT NULL,  -- rank: 1 high, 2 normal, 3 low (lower runs first)
  target                 TEXT,              -- final path once the probe chose it
  total_bytes            INTEGER NOT NULL,  -- -1 while unknown
  etag                   TEXT,
  last_modified          TEXT,
  validator_length_bytes INTEGER NOT NULL,
  completed              BLOB    NOT NULL,  -- RangeSet bounds: start0, end0, ... as little-endian int64
  created_at             TEXT    NOT NULL,  -- ISO-8601 instant, exact to the nanosecond
  finished_at            TEXT,
  error_kind             TEXT,              -- ErrorKind.code()
  error_message          TEXT
) STRICT;

-- list(states, ...) and count(states): one index range per state, already in queue order.
CREATE INDEX jobs_by_state_in_queue_order ON jobs (state, priority, seq);

-- list() over every state, in queue order, without a sort.
CREATE INDEX jobs_in_queue_order ON jobs (priority, seq);
