-- Analytics: the campaign and monetary value of each event, indexes that answer funnels, cohorts and
-- stage flow from the index alone, marketing spend, and the fitted prediction models.

-- Set at ingest from the payload (context.campaign.name or utm_campaign; properties.revenue, else total,
-- else value), so that analytics never parse payloads of the whole log.
ALTER TABLE events ADD COLUMN campaign TEXT;
ALTER TABLE events ADD COLUMN value REAL;
UPDATE events SET value = coalesce(
    json_extract(payload, '$.properties.revenue'),
    json_extract(payload, '$.properties.total'),
    json_extract(payload, '$.properties.value'))
  WHERE type = 'track' AND internal = 0 AND coalesce(
    json_type(payload, '$.properties.revenue'),
    json_type(payload, '$.properties.total'),
    json_type(payload, '$.properties.value')) IN ('integer', 'real');
UPDATE events SET campaign = json_extract(payload, '$.context.campaign.name')
  WHERE json_type(payload, '$.context.campaign.name') = 'text';

-- Funnel steps, purchases and return events by name, with who and how much, without a row lookup each.
DROP INDEX events_name;
CREATE INDEX events_name ON events (workspace_id, name, timestamp, customer_id, value, type);
-- Activity of any kind in a time range (reach, lifecycle chart, cohorts on any event), covered likewise.
DROP INDEX events_time;
CREATE INDEX events_time ON events (workspace_id, timestamp, customer_id, internal, type);
-- Cohorts by first seen, and the customers acquired in a period.
CREATE INDEX customers_first_seen ON customers (workspace_id, first_seen);
-- Stage flow over a range read from the index alone.
DROP INDEX stage_moves_time;
CREATE INDEX stage_moves_time ON stage_moves (workspace_id, at, customer_id, from_stage, to_stage);

-- Marketing spend by day, channel and campaign (CSV import); a re-import of a day replaces it.
CREATE TABLE marketing_spend (
  workspace_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  channel TEXT NOT NULL,
  campaign TEXT NOT NULL DEFAULT '',
  amount REAL NOT NULL,
  impressions INTEGER,
  clicks INTEGER,
  PRIMARY KEY (workspace_id, day, channel, campaign)
) WITHOUT ROWID;

-- Each fit of the prediction models: parameters, standard errors, likelihoods, as the report shows them.
CREATE TABLE prediction_fits (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL,
  fitted_at INTEGER NOT NULL,
  report TEXT NOT NULL
);
CREATE INDEX prediction_fits_workspace ON prediction_fits (workspace_id, id);
