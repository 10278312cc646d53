-- The lifecycle engine: model versions, per-customer state and features, stage history, segments,
-- and the stage, channel and touchpoint of each event.
CREATE TABLE lifecycle_models (
  workspace_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  -- The model document as canonical JSON (rules as node trees).
  definition TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, version)
);

-- What the engine runs per workspace, and the progress of the recompute a model change started.
CREATE TABLE engine_workspaces (
  workspace_id INTEGER PRIMARY KEY,
  model_version INTEGER,
  -- Bumped by every change to the model or segments, so that engines reload what they compiled.
  config_generation INTEGER NOT NULL DEFAULT 0,
  recompute_version INTEGER,
  recompute_cursor INTEGER NOT NULL DEFAULT 0,
  recompute_done INTEGER NOT NULL DEFAULT 0,
  recompute_total INTEGER NOT NULL DEFAULT 0,
  recompute_started_at INTEGER,
  recompute_finished_at INTEGER
);

-- Where the engine is in the event log: the id of the last event it processed.
CREATE TABLE engine_cursor (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO engine_cursor (name, value) VALUES ('events', 0);

CREATE TABLE customer_state (
  customer_id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL,
  stage TEXT,
  stage_since INTEGER,
  model_version INTEGER,
  segments TEXT NOT NULL DEFAULT '[]',
  features TEXT NOT NULL DEFAULT '{}',
  -- The feature plan the features were built under; any other means they are rebuilt from the log.
  signature TEXT,
  predictions TEXT NOT NULL DEFAULT '{}',
  -- The next moment one of the customer's rules may change with no event.
  wake_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX customer_state_wake ON customer_state (wake_at) WHERE wake_at IS NOT NULL;
CREATE INDEX customer_state_stage ON customer_state (workspace_id, stage);

CREATE TABLE stage_moves (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  from_stage TEXT,
  to_stage TEXT NOT NULL,
  at INTEGER NOT NULL,
  cause TEXT NOT NULL CHECK (cause IN ('event', 'time', 'model', 'merge')),
  event_id INTEGER,
  model_version INTEGER,
  rule TEXT,
  facts TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX stage_moves_customer ON stage_moves (customer_id, id);
CREATE INDEX stage_moves_time ON stage_moves (workspace_id, at);

CREATE TABLE segments (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('rule', 'static')),
  rule TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (workspace_id, key)
);

CREATE TABLE segment_members (
  segment_id INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  workspace_id INTEGER NOT NULL,
  since INTEGER NOT NULL,
  PRIMARY KEY (segment_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX segment_members_customer ON segment_members (customer_id);

-- Entries and exits per segment per day (UTC), for growth over time without reading the event log.
CREATE TABLE segment_daily (
  segment_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  entered INTEGER NOT NULL DEFAULT 0,
  exited INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (segment_id, day)
) WITHOUT ROWID;

-- Events the engine wrote itself (Stage Entered, Segment Exited, ...): in the log, never processed again.
ALTER TABLE events ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN stage TEXT;
ALTER TABLE events ADD COLUMN channel TEXT;
ALTER TABLE events ADD COLUMN touchpoint TEXT;
