-- Messaging (src/messaging): the outbox and what became of each message, the capture inbox, suppressed
-- addresses, subscription topics and each customer's choices, and each workspace's sending settings.
CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  customer_id INTEGER NOT NULL,
  channel TEXT NOT NULL,
  template TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  -- The origin (a journey's send node), copied onto the delivery events so results count per node.
  journey_id INTEGER,
  journey_version INTEGER,
  node_id TEXT,
  entry_id INTEGER,
  variant TEXT,
  event TEXT,
  topic TEXT,
  transactional INTEGER NOT NULL,
  not_before INTEGER NOT NULL,
  quiet_hours TEXT NOT NULL,
  on_cap TEXT NOT NULL,
  send_time TEXT NOT NULL,
  -- queued (waiting for its job), sent, skipped (skip_reason says why), failed (permanent), dead (retries spent).
  status TEXT NOT NULL,
  skip_reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  -- The address it went to, the template version rendered, the provider's id and our Message-ID.
  address TEXT,
  template_version INTEGER,
  provider_id TEXT,
  message_id TEXT,
  -- The time `optimal` chose, once chosen (never chosen again).
  send_at INTEGER,
  sent_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (workspace_id, idempotency_key)
);
CREATE INDEX messages_customer ON messages (workspace_id, customer_id, id);
-- Frequency caps: a customer's marketing messages sent on a channel since a time.
CREATE INDEX messages_sent ON messages (workspace_id, customer_id, channel, sent_at) WHERE sent_at IS NOT NULL;
-- Delivery reports name our Message-ID, or the provider's own id.
CREATE INDEX messages_message_id ON messages (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX messages_provider_id ON messages (provider_id) WHERE provider_id IS NOT NULL;
CREATE TABLE message_events (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  message_id INTEGER NOT NULL REFERENCES messages(id),
  customer_id INTEGER NOT NULL,
  -- sent, delivered, opened, clicked, bounced, complained, unsubscribed, failed, skipped.
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  detail TEXT,
  journey_id INTEGER,
  journey_version INTEGER,
  node_id TEXT,
  variant TEXT
);
CREATE INDEX message_events_message ON message_events (message_id, id);
CREATE INDEX message_events_journey ON message_events (journey_id, kind) WHERE journey_id IS NOT NULL;
CREATE INDEX message_events_customer ON message_events (workspace_id, customer_id, kind, at);
-- What would have gone out, kept when no provider is configured (and for test sends to the inbox).
CREATE TABLE inbox (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  message_id INTEGER REFERENCES messages(id),
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  subject TEXT,
  html TEXT,
  text TEXT,
  body TEXT,
  headers TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX inbox_workspace ON inbox (workspace_id, id);
CREATE TABLE suppressions (
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  channel TEXT NOT NULL,
  -- Lower-cased email, or the phone number as sent.
  address TEXT NOT NULL,
  -- hard-bounce, complaint, manual, unsubscribed.
  reason TEXT NOT NULL,
  detail TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, channel, address)
);
CREATE TABLE topics (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  -- in: everyone receives it until they opt out; out: only those who opted in.
  default_choice TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (workspace_id, key)
);
-- A customer's choices: per topic key, and '*' for all marketing.
CREATE TABLE subscriptions (
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  customer_id INTEGER NOT NULL,
  topic TEXT NOT NULL,
  subscribed INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, customer_id, topic)
);
CREATE TABLE messaging_settings (
  workspace_id INTEGER PRIMARY KEY REFERENCES workspaces(id),
  settings TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
