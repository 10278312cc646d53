-- Dashboard users, their roles per workspace, their sessions, and sign-in attempts for rate limits.
-- Passwords are kept only as scrypt hashes ("scrypt$N$r$p$salt$key"), sessions only as SHA-256 digests.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  -- Stored lower-cased, so uniqueness ignores case.
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE memberships (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, workspace_id)
);
CREATE INDEX memberships_workspace ON memberships (workspace_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One row per attempt and subject ("email:..." or "ip:..."); limits count the failures since the last success.
CREATE TABLE login_attempts (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  at INTEGER NOT NULL,
  ok INTEGER NOT NULL
);
CREATE INDEX login_attempts_subject ON login_attempts (subject, at);
