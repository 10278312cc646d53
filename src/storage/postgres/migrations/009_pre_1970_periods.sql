-- The active days, weeks and months of events before 1970, made again; see sqlite/009 for the why. Here
-- ingest itself numbered periods in SQL (bulk-writes.ts), truncating toward zero, so every event before
-- 1970 that was not at a period's start was marked in the period after its own (months were right:
-- they went through to_timestamp). Rows at or before the periods holding 1970-01-01T00:00Z go and are
-- made again from the events before those periods end, numbered as postgres/period-sql.ts numbers them
-- now: along the primary keys (workspace_id = ANY) and, per workspace (LATERAL), the events_time index.
DELETE FROM active_days WHERE workspace_id = ANY (ARRAY(SELECT id FROM workspaces)) AND period <= 0;
INSERT INTO active_days (workspace_id, period, customer_id)
  SELECT DISTINCT w.id, (((e.timestamp) / 86400000 - ((e.timestamp) % 86400000 < 0)::int)::int), e.customer_id
  FROM workspaces w CROSS JOIN LATERAL (
    SELECT timestamp, customer_id FROM events
    WHERE workspace_id = w.id AND timestamp < 86400000 AND NOT internal) e
  ON CONFLICT DO NOTHING;

DELETE FROM active_weeks WHERE workspace_id = ANY (ARRAY(SELECT id FROM workspaces)) AND period <= 0;
INSERT INTO active_weeks (workspace_id, period, customer_id)
  SELECT DISTINCT w.id,
    (((e.timestamp + 259200000) / 604800000 - ((e.timestamp + 259200000) % 604800000 < 0)::int)::int),
    e.customer_id
  FROM workspaces w CROSS JOIN LATERAL (
    SELECT timestamp, customer_id FROM events
    WHERE workspace_id = w.id AND timestamp < 345600000 AND NOT internal) e
  ON CONFLICT DO NOTHING;

DELETE FROM active_months WHERE workspace_id = ANY (ARRAY(SELECT id FROM workspaces)) AND period <= 23640;
INSERT INTO active_months (workspace_id, period, customer_id)
  SELECT DISTINCT w.id,
    (((extract(year FROM (date '1970-01-01' + ((e.timestamp) / 86400000 - ((e.timestamp) % 86400000 < 0)::int)::int))
        + ((date '1970-01-01' + ((e.timestamp) / 86400000 - ((e.timestamp) % 86400000 < 0)::int)::int) < date '0001-01-01')::int) * 12
      + extract(month FROM (date '1970-01-01' + ((e.timestamp) / 86400000 - ((e.timestamp) % 86400000 < 0)::int)::int)) - 1)::int),
    e.customer_id
  FROM workspaces w CROSS JOIN LATERAL (
    SELECT timestamp, customer_id FROM events
    WHERE workspace_id = w.id AND timestamp < 2678400000 AND NOT internal) e
  ON CONFLICT DO NOTHING;
