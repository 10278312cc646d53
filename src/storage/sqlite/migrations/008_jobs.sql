-- Durable jobs and timers (src/jobs): journey delays and waits, send windows, retries, recurring refits.
-- Times are epoch milliseconds from the caller's clock, never the database's, so tests drive time.
-- A completed job is deleted; a job whose last attempt failed stays, failed_at set, with its last error.
CREATE TABLE jobs (
  -- AUTOINCREMENT: an id is never handed out again after its job is deleted, so a worker that still
  -- holds a finished job's id can never complete or fail a newer job by mistake.
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  run_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  last_error TEXT,
  locked_by TEXT,
  locked_until INTEGER,
  failed_at INTEGER,
  created_at INTEGER NOT NULL
);
-- Claiming reads this from its start, earliest first, and stops after the jobs it takes: O(log n) however
-- many future timers wait behind them. It skips only the due jobs that are running (a few per worker).
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE failed_at IS NULL;
-- One live job per key and workspace (the enqueue's ON CONFLICT target); a dead job frees its key.
CREATE UNIQUE INDEX jobs_key ON jobs (workspace_id, key) WHERE failed_at IS NULL;
CREATE INDEX jobs_failed ON jobs (workspace_id, failed_at, id) WHERE failed_at IS NOT NULL;
