-- The lifecycle engine: model versions, per-customer state and features, stage history, segments,
-- and the stage, channel and touchpoint of each event. Mirrors sqlite/002 (see it for the why of each
-- column); the engine's claim on new events is a queue here, since sequence order is not commit order.
CREATE TABLE lifecycle_models (
  workspace_id BIGINT NOT NULL,
  version INTEGER NOT NULL,
  definition JSONB NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, version)
);

CREATE TABLE engine_workspaces (
  workspace_id BIGINT PRIMARY KEY,
  model_version INTEGER,
  config_generation INTEGER NOT NULL DEFAULT 0,
  recompute_version INTEGER,
  recompute_cursor BIGINT NOT NULL DEFAULT 0,
  recompute_done BIGINT NOT NULL DEFAULT 0,
  recompute_total BIGINT NOT NULL DEFAULT 0,
  recompute_started_at BIGINT,
  recompute_finished_at BIGINT
);

CREATE TABLE customer_state (
  customer_id BIGINT PRIMARY KEY,
  workspace_id BIGINT NOT NULL,
  stage TEXT,
  stage_since BIGINT,
  model_version INTEGER,
  segments JSONB NOT NULL DEFAULT '[]',
  features TEXT NOT NULL DEFAULT '{}',
  signature TEXT,
  predictions JSONB NOT NULL DEFAULT '{}',
  wake_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX customer_state_wake ON customer_state (wake_at) WHERE wake_at IS NOT NULL;
CREATE INDEX customer_state_stage ON customer_state (workspace_id, stage);

CREATE TABLE stage_moves (
  id BIGSERIAL PRIMARY KEY,
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  from_stage TEXT,
  to_stage TEXT NOT NULL,
  at BIGINT NOT NULL,
  cause TEXT NOT NULL CHECK (cause IN ('event', 'time', 'model', 'merge')),
  event_id BIGINT,
  model_version INTEGER,
  rule TEXT,
  facts JSONB NOT NULL DEFAULT '[]'
);
CREATE INDEX stage_moves_customer ON stage_moves (customer_id, id);
CREATE INDEX stage_moves_time ON stage_moves (workspace_id, at);

CREATE TABLE segments (
  id BIGSERIAL PRIMARY KEY,
  workspace_id BIGINT NOT NULL,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('rule', 'static')),
  rule JSONB,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (workspace_id, key)
);

CREATE TABLE segment_members (
  segment_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  workspace_id BIGINT NOT NULL,
  since BIGINT NOT NULL,
  PRIMARY KEY (segment_id, customer_id)
);
CREATE INDEX segment_members_customer ON segment_members (customer_id);

CREATE TABLE segment_daily (
  segment_id BIGINT NOT NULL,
  day BIGINT NOT NULL,
  entered INTEGER NOT NULL DEFAULT 0,
  exited INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (segment_id, day)
);

-- Events not yet processed by the engine, written in the ingest transaction. Engines claim rows with
-- FOR UPDATE SKIP LOCKED and delete them in the transaction that folds them in, so each event is
-- processed once however many server processes run an engine.
CREATE TABLE engine_queue (
  event_id BIGINT PRIMARY KEY,
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL
);
-- A merge moves the merged-away profile's queued events to the survivor.
CREATE INDEX engine_queue_customer ON engine_queue (customer_id);

ALTER TABLE events ADD COLUMN internal BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE events ADD COLUMN stage TEXT;
ALTER TABLE events ADD COLUMN channel TEXT;
ALTER TABLE events ADD COLUMN touchpoint TEXT;
