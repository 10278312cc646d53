-- Customers active per ISO week and calendar month (UTC); mirrors sqlite/005 (see it for the why).
CREATE TABLE active_weeks (
  workspace_id BIGINT NOT NULL,
  period INTEGER NOT NULL,
  customer_id BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, period, customer_id)
);

CREATE TABLE active_months (
  workspace_id BIGINT NOT NULL,
  period INTEGER NOT NULL,
  customer_id BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, period, customer_id)
);

INSERT INTO active_weeks (workspace_id, period, customer_id)
  SELECT DISTINCT workspace_id, ((timestamp / 86400000 + 3) / 7)::int, customer_id FROM events WHERE NOT internal
  ON CONFLICT DO NOTHING;
INSERT INTO active_months (workspace_id, period, customer_id)
  SELECT DISTINCT workspace_id,
    (extract(year FROM to_timestamp(timestamp / 1000.0) AT TIME ZONE 'UTC') * 12
      + extract(month FROM to_timestamp(timestamp / 1000.0) AT TIME ZONE 'UTC') - 1)::int,
    customer_id
  FROM events WHERE NOT internal
  ON CONFLICT DO NOTHING;
