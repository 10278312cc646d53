-- Which customers were active on which UTC day (days since 1970-01-01), kept like active_weeks and
-- active_months: the daily active customers of a range read one row per customer and day, not every event.
CREATE TABLE active_days (
  workspace_id INTEGER NOT NULL,
  period INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, period, customer_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO active_days (workspace_id, period, customer_id)
  SELECT workspace_id, timestamp / 86400000, customer_id FROM events WHERE internal = 0;
