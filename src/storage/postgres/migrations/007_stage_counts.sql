-- Customers per stage, so that the stage overview reads a few rows instead of counting customer_state
-- (one million rows took 150 ms of a parallel scan on both cores of bench/analytics' machine, and the
-- count grows with the customer base). Statement triggers see every write, whatever code path makes it
-- (engine passes, merges, segment and prediction writes, COPY), and append signed deltas, so concurrent
-- writers never wait on a shared counter row; the engine folds the deltas together now and then
-- (engine-admin.ts), and a count is the sum of its workspace's rows.
CREATE TABLE stage_counts (
  workspace_id BIGINT NOT NULL,
  stage TEXT NOT NULL,
  customers BIGINT NOT NULL
);
CREATE INDEX stage_counts_workspace ON stage_counts (workspace_id) INCLUDE (stage, customers);

CREATE FUNCTION stage_counts_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Each branch names only the transition tables its trigger has: PL/pgSQL plans a statement when it
  -- first runs, so the others are never looked up.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stage_counts (workspace_id, stage, customers)
    SELECT workspace_id, stage, count(*) FROM new_rows WHERE stage IS NOT NULL GROUP BY 1, 2;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stage_counts (workspace_id, stage, customers)
    SELECT workspace_id, stage, -count(*) FROM old_rows WHERE stage IS NOT NULL GROUP BY 1, 2;
  ELSE
    -- Most updates keep the stage (segments, predictions, features): their +1 and -1 cancel out.
    INSERT INTO stage_counts (workspace_id, stage, customers)
    SELECT workspace_id, stage, sum(n) FROM (
      SELECT workspace_id, stage, 1 AS n FROM new_rows WHERE stage IS NOT NULL
      UNION ALL
      SELECT workspace_id, stage, -1 FROM old_rows WHERE stage IS NOT NULL) d
    GROUP BY 1, 2 HAVING sum(n) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER stage_counts_insert AFTER INSERT ON customer_state
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_counts_delta();
CREATE TRIGGER stage_counts_update AFTER UPDATE ON customer_state
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_counts_delta();
CREATE TRIGGER stage_counts_delete AFTER DELETE ON customer_state
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_counts_delta();

INSERT INTO stage_counts (workspace_id, stage, customers)
SELECT workspace_id, stage, count(*) FROM customer_state WHERE stage IS NOT NULL GROUP BY 1, 2;
