-- Message templates (src/messaging): each with its working draft, its frozen published versions (the
-- content as published and the compiled form the sender renders, so it never runs MJML), and each
-- workspace's secret for signing links in messages.
CREATE TABLE message_templates (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  channel TEXT NOT NULL,
  -- The subscription topic of a marketing template; NULL for a transactional one.
  topic TEXT,
  draft TEXT NOT NULL,
  published_version INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (workspace_id, key)
);
CREATE TABLE message_template_versions (
  template_id INTEGER NOT NULL REFERENCES message_templates(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  content TEXT NOT NULL,
  compiled TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  PRIMARY KEY (template_id, version)
);
CREATE TABLE link_secrets (
  workspace_id INTEGER PRIMARY KEY REFERENCES workspaces(id),
  secret BLOB NOT NULL
);
