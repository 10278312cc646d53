-- Customers active per UTC day; mirrors sqlite/006.
CREATE TABLE active_days (
  workspace_id BIGINT NOT NULL,
  period INTEGER NOT NULL,
  customer_id BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, period, customer_id)
);

INSERT INTO active_days (workspace_id, period, customer_id)
  SELECT DISTINCT workspace_id, (timestamp / 86400000)::int, customer_id FROM events WHERE NOT internal
  ON CONFLICT DO NOTHING;
