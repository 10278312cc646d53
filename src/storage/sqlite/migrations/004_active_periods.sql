-- Which customers were active (sent any event) in which ISO week and calendar month (UTC), kept as
-- events are stored, so that cohorts and the lifecycle chart on "any event" read one small row per
-- customer and period instead of every event of a year. Periods are numbered as analytics/periods.ts
-- numbers them: weeks from the ISO week of 1970-01-01, months as year × 12 + month − 1.
CREATE TABLE active_weeks (
  workspace_id INTEGER NOT NULL,
  period INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, period, customer_id)
) WITHOUT ROWID;

CREATE TABLE active_months (
  workspace_id INTEGER NOT NULL,
  period INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, period, customer_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO active_weeks (workspace_id, period, customer_id)
  SELECT workspace_id, (timestamp / 86400000 + 3) / 7, customer_id FROM events WHERE internal = 0;
INSERT OR IGNORE INTO active_months (workspace_id, period, customer_id)
  SELECT workspace_id,
    CAST(strftime('%Y', timestamp / 1000, 'unixepoch') AS INTEGER) * 12
      + CAST(strftime('%m', timestamp / 1000, 'unixepoch') AS INTEGER) - 1,
    customer_id
  FROM events WHERE internal = 0;
