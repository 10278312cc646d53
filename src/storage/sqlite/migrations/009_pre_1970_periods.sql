-- The active days, weeks and months of events before 1970, made again. The SQL that numbered periods
-- (the backfills of 004 and 005, and every merge) divided truncating toward zero where JavaScript
-- (analytics/periods.ts, which ingest uses) floors, so an event before 1970 could be marked in the
-- period after its own, and a merge moved that period rather than the event's, leaving the right row
-- under the merged-away profile. Every such row is in a period at or before the one holding
-- 1970-01-01T00:00Z (day 0, week 0, month 1970 × 12), and every row there comes from an event before
-- that period ends (1970-01-02, Monday 1970-01-05, 1970-02-01). So those rows go and are made again from
-- those events, numbered as sqlite/period-sql.ts numbers them now. Workspace by workspace along the
-- primary keys and the events_time index (CROSS JOIN keeps workspaces the outer loop): the work is the
-- number of such rows and events, none in most databases.
DELETE FROM active_days WHERE workspace_id IN (SELECT id FROM workspaces) AND period <= 0;
INSERT OR IGNORE INTO active_days (workspace_id, period, customer_id)
  SELECT e.workspace_id, ((e.timestamp) / 86400000 - ((e.timestamp) % 86400000 < 0)), e.customer_id
  FROM workspaces w CROSS JOIN events e
  WHERE e.workspace_id = w.id AND e.timestamp < 86400000 AND e.internal = 0;

DELETE FROM active_weeks WHERE workspace_id IN (SELECT id FROM workspaces) AND period <= 0;
INSERT OR IGNORE INTO active_weeks (workspace_id, period, customer_id)
  SELECT e.workspace_id,
    ((e.timestamp + 259200000) / 604800000 - ((e.timestamp + 259200000) % 604800000 < 0)),
    e.customer_id
  FROM workspaces w CROSS JOIN events e
  WHERE e.workspace_id = w.id AND e.timestamp < 345600000 AND e.internal = 0;

DELETE FROM active_months WHERE workspace_id IN (SELECT id FROM workspaces) AND period <= 23640;
INSERT OR IGNORE INTO active_months (workspace_id, period, customer_id)
  SELECT e.workspace_id,
    (CAST(strftime('%Y', ((e.timestamp) / 86400000 - ((e.timestamp) % 86400000 < 0)) * 86400, 'unixepoch') AS INTEGER) * 12
      + CAST(strftime('%m', ((e.timestamp) / 86400000 - ((e.timestamp) % 86400000 < 0)) * 86400, 'unixepoch') AS INTEGER) - 1),
    e.customer_id
  FROM workspaces w CROSS JOIN events e
  WHERE e.workspace_id = w.id AND e.timestamp < 2678400000 AND e.internal = 0;
