-- Claims and the worker's next-due read ask for some kinds. On jobs_due (run_at, id) they walked every
-- due job of other kinds before reaching theirs: with a million journey wakes due, each claim of the
-- main worker read a million rows. On (kind, run_at, id) each requested kind is its own range, read
-- from its start, so a claim costs the same whatever other kinds hold.
CREATE INDEX jobs_by_kind ON jobs (kind, run_at, id) WHERE failed_at IS NULL;

-- The first max_jobs claimable jobs of each kind (LATERAL: one ordered index walk per kind, stopping
-- after max_jobs), then the earliest of those across the kinds: the same jobs, in the same order, as
-- one walk over every kind took. Each walk locks what it picks (SKIP LOCKED passes over other claims'
-- rows, READ COMMITTED re-checks a row under its lock); rows picked but not kept past the last LIMIT
-- stay locked only until this statement's transaction ends, at most max_jobs per extra kind. The
-- settings are 008's, for its reason: stale statistics must not turn a walk into a bitmap scan.
-- A job whose last attempt's lease ran out becomes dead rather than claimed, as in 008.
CREATE OR REPLACE FUNCTION jobs_claim(now BIGINT, kinds TEXT[], max_jobs INTEGER, worker TEXT, lease_until BIGINT)
RETURNS SETOF jobs LANGUAGE sql SET enable_bitmapscan = off SET enable_sort = off AS $$
  WITH picked AS (
    SELECT p.id FROM (SELECT DISTINCT unnest($2) AS kind) AS k
    CROSS JOIN LATERAL (
      SELECT id, run_at FROM jobs
      WHERE kind = k.kind AND failed_at IS NULL AND run_at <= $1
        AND (locked_until IS NULL OR locked_until < $1)
      ORDER BY run_at, id LIMIT $3
      FOR UPDATE SKIP LOCKED) AS p
    ORDER BY p.run_at, p.id LIMIT $3)
  UPDATE jobs SET
    attempts = attempts + CASE WHEN attempts < max_attempts THEN 1 ELSE 0 END,
    locked_by = CASE WHEN attempts < max_attempts THEN $4 END,
    locked_until = CASE WHEN attempts < max_attempts THEN $5 END,
    failed_at = CASE WHEN attempts >= max_attempts THEN $1 END,
    last_error = CASE WHEN locked_by IS NULL THEN last_error ELSE 'the lease of ' || locked_by || ' ran out' END
  FROM picked WHERE jobs.id = picked.id
  RETURNING jobs.*
$$;

-- The earliest unheld job of each kind, one index probe per kind.
CREATE OR REPLACE FUNCTION jobs_next_due(now BIGINT, kinds TEXT[]) RETURNS BIGINT
LANGUAGE sql STABLE SET enable_bitmapscan = off SET enable_sort = off AS $$
  SELECT min(n.run_at) FROM (SELECT DISTINCT unnest($2) AS kind) AS k
  CROSS JOIN LATERAL (
    SELECT run_at FROM jobs
    WHERE kind = k.kind AND failed_at IS NULL AND (locked_until IS NULL OR locked_until < $1)
    ORDER BY run_at, id LIMIT 1) AS n
$$;

-- Both functions above read jobs_by_kind now; nothing else reads jobs_due (counts, find and cancel go
-- by workspace and key), and each index is one more write on every enqueue, claim and completion.
DROP INDEX jobs_due;
