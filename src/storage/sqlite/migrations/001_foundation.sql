-- Workspaces, keys, profiles, the identity graph and the event log.
-- Times are epoch milliseconds; JSON is stored as text.
CREATE TABLE workspaces (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  settings TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  kind TEXT NOT NULL CHECK (kind IN ('write', 'secret')),
  name TEXT NOT NULL,
  -- The first characters of the key, shown so that people can tell keys apart; the key itself is not kept.
  prefix TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX api_keys_workspace ON api_keys (workspace_id);

CREATE TABLE sequences (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
-- Customer ids come from here rather than MAX(id)+1 so that the id of a merged-away profile is never reused.
INSERT INTO sequences (name, value) VALUES ('customers', 0);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL,
  user_id TEXT,
  email TEXT,
  traits TEXT NOT NULL DEFAULT '{}',
  trait_times TEXT NOT NULL DEFAULT '{}',
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  identity_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX customers_workspace ON customers (workspace_id, id);
CREATE INDEX customers_user ON customers (workspace_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX customers_email ON customers (workspace_id, email) WHERE email IS NOT NULL;

CREATE TABLE identities (
  workspace_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  customer_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, kind, value)
) WITHOUT ROWID;
CREATE INDEX identities_customer ON identities (customer_id);

CREATE TABLE merges (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL,
  from_customer_id INTEGER NOT NULL,
  into_customer_id INTEGER NOT NULL,
  -- The profile that holds the merged data now; follows later merges of into_customer_id.
  survivor_id INTEGER NOT NULL,
  reason TEXT NOT NULL,
  message_id TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX merges_survivor ON merges (workspace_id, survivor_id);
CREATE INDEX merges_from ON merges (workspace_id, from_customer_id);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT,
  user_id TEXT,
  anonymous_id TEXT,
  timestamp INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  payload TEXT NOT NULL
);
CREATE UNIQUE INDEX events_message ON events (workspace_id, message_id);
CREATE INDEX events_customer ON events (customer_id, timestamp);
CREATE INDEX events_time ON events (workspace_id, timestamp);
CREATE INDEX events_name ON events (workspace_id, name, timestamp);
