/** SQL text the two jobs adapters share: the parts that read the same in both dialects. */

/**
 * A job's state at `:now`, the same in both dialects (each binds `:now` its own way). A job is
 * running while its lease has not run out: at `locked_until < now` any worker may take it.
 */
export const stateAt = (now: string) => `CASE WHEN failed_at IS NOT NULL THEN 'failed'
  WHEN locked_until >= ${now} THEN 'running' WHEN run_at <= ${now} THEN 'due' ELSE 'scheduled' END`;

/** What `replace` writes over a live job with the same key: see `OnConflict`. */
export const REPLACE_SET = `kind = excluded.kind, payload = excluded.payload, run_at = excluded.run_at,
  max_attempts = excluded.max_attempts, attempts = 0, last_error = NULL, locked_by = NULL, locked_until = NULL`;

/** Makes a rescheduled job wait for its next run as if new: attempts and error start over. */
export const RESCHEDULE_SET = 'attempts = 0, last_error = NULL, locked_by = NULL, locked_until = NULL';
