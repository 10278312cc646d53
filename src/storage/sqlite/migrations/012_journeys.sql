-- Journeys (src/journeys): definitions and their published versions, every customer's entries, the path
-- each entry took, and the rules the engine keeps features for on their behalf.
CREATE TABLE journeys (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  -- draft (never published), live, paused (entries wait, nobody enters or moves), archived (all ended).
  status TEXT NOT NULL,
  -- The working copy, as a definition; published versions are frozen copies of it.
  draft TEXT NOT NULL,
  live_version INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (workspace_id, key)
);
CREATE TABLE journey_versions (
  journey_id INTEGER NOT NULL REFERENCES journeys(id),
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  PRIMARY KEY (journey_id, version)
);
CREATE TABLE journey_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  journey_id INTEGER NOT NULL REFERENCES journeys(id),
  version INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  node TEXT,
  end_reason TEXT,
  variant TEXT,
  entered_at INTEGER NOT NULL,
  node_since INTEGER NOT NULL,
  wake_at INTEGER,
  converted_at INTEGER,
  ended_at INTEGER,
  -- Until when an event may still count as this entry's goal conversion (null without a goal).
  goal_until INTEGER,
  -- What enrolled them (an event, a move, a segment change): the same cause never enrols twice.
  cause TEXT NOT NULL,
  event TEXT,
  UNIQUE (journey_id, customer_id, cause)
);
-- A customer's entries, newest first: the entry policy and the customer's journeys page.
CREATE INDEX journey_entries_customer ON journey_entries (workspace_id, customer_id, journey_id, id);
-- The entries an event of theirs may move: live ones, and ended ones whose goal window is open.
CREATE INDEX journey_entries_open ON journey_entries (customer_id)
  WHERE status <> 'ended' OR (goal_until IS NOT NULL AND converted_at IS NULL);
CREATE INDEX journey_entries_node ON journey_entries (journey_id, version, node) WHERE status <> 'ended';
CREATE TABLE journey_steps (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES journey_entries(id),
  at INTEGER NOT NULL,
  node TEXT,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  facts TEXT
);
CREATE INDEX journey_steps_entry ON journey_steps (entry_id, id);
-- Rules other capabilities evaluate on the engine's state; a change bumps engine_workspaces.config_generation.
CREATE TABLE engine_watchers (
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  owner TEXT NOT NULL,
  rules TEXT NOT NULL,
  PRIMARY KEY (workspace_id, owner)
);
