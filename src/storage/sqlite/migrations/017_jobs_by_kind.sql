-- Claims and the worker's next-due read ask for some kinds. On jobs_due (run_at, id) they walked every
-- due job of other kinds before reaching theirs: with a million journey wakes due, each claim of the
-- main worker read a million rows inside a write transaction. On (kind, run_at, id) each requested
-- kind is its own range, read from its start, so a claim costs the same whatever other kinds hold.
CREATE INDEX jobs_by_kind ON jobs (kind, run_at, id) WHERE failed_at IS NULL;
-- Nothing else reads jobs_due (counts, find and cancel go by workspace and key), and each index is one
-- more write on every enqueue, claim and completion.
DROP INDEX jobs_due;
