import type { Membership, Role, Session, User, UserStorage } from '../../users/index.ts';
import { toMembership, toSession, toUser } from '../user-rows.ts';
import type { SqliteStore } from './sqlite-store.ts';

/** Dashboard users, memberships, sessions and login attempts on SQLite. */
export class SqliteUsers implements UserStorage {
  readonly #s: SqliteStore;

  constructor(store: SqliteStore) {
    this.#s = store;
  }

  create(input: { email: string; passwordHash: string; createdAt: number }): Promise<User> {
    return this.#s.writeNow(() =>
      toUser(
        this.#s
          .statement('INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?) RETURNING *')
          .get(input.email, input.passwordHash, input.createdAt)!,
      ),
    );
  }

  async get(id: number): Promise<User | null> {
    const row = this.#s.statement('SELECT * FROM users WHERE id = ?').get(id);
    return row ? toUser(row) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = this.#s.statement('SELECT * FROM users WHERE email = ?').get(email);
    return row ? toUser(row) : null;
  }

  async count(): Promise<number> {
    return Number(this.#s.statement('SELECT count(*) AS n FROM users').get()!.n);
  }

  setPassword(id: number, passwordHash: string): Promise<void> {
    return this.#s.writeNow(() => {
      this.#s.statement('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id);
    });
  }

  remove(id: number): Promise<boolean> {
    return this.#s.writeNow(
      () => Number(this.#s.statement('DELETE FROM users WHERE id = ?').run(id).changes) > 0,
    );
  }

  setRole(userId: number, workspaceId: number, role: Role, now: number): Promise<void> {
    return this.#s.writeNow(() => {
      this.#s
        .statement(
          `INSERT INTO memberships (user_id, workspace_id, role, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (user_id, workspace_id) DO UPDATE SET role = excluded.role`,
        )
        .run(userId, workspaceId, role, now);
    });
  }

  removeMembership(userId: number, workspaceId: number): Promise<boolean> {
    return this.#s.writeNow(
      () =>
        Number(
          this.#s
            .statement('DELETE FROM memberships WHERE user_id = ? AND workspace_id = ?')
            .run(userId, workspaceId).changes,
        ) > 0,
    );
  }

  async memberships(userId: number): Promise<Membership[]> {
    return this.#s
      .statement('SELECT * FROM memberships WHERE user_id = ? ORDER BY workspace_id')
      .all(userId)
      .map(toMembership);
  }

  async members(workspaceId: number): Promise<{ user: User; membership: Membership }[]> {
    return this.#s
      .statement(
        `SELECT u.*, m.user_id, m.workspace_id, m.role, m.created_at AS m_created_at
         FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ? ORDER BY u.id`,
      )
      .all(workspaceId)
      .map((row) => ({ user: toUser(row), membership: toMembership(row) }));
  }

  createSession(session: Omit<Session, 'revokedAt'>): Promise<void> {
    return this.#s.writeNow(() => {
      this.#s
        .statement('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
        .run(session.tokenHash, session.userId, session.createdAt, session.expiresAt);
    });
  }

  async findSession(tokenHash: string): Promise<Session | null> {
    const row = this.#s.statement('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash);
    return row ? toSession(row) : null;
  }

  revokeSession(tokenHash: string, at: number): Promise<boolean> {
    return this.#s.writeNow(
      () =>
        Number(
          this.#s
            .statement('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL')
            .run(at, tokenHash).changes,
        ) > 0,
    );
  }

  revokeSessions(userId: number, at: number): Promise<number> {
    return this.#s.writeNow(() =>
      Number(
        this.#s
          .statement('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
          .run(at, userId).changes,
      ),
    );
  }

  recordAttempt(subject: string, at: number, ok: boolean): Promise<void> {
    return this.#s.writeNow(() => {
      this.#s
        .statement('INSERT INTO login_attempts (subject, at, ok) VALUES (?, ?, ?)')
        .run(subject, at, ok ? 1 : 0);
    });
  }

  async failuresSince(subject: string, since: number): Promise<number> {
    const row = this.#s
      .statement(
        `SELECT count(*) AS n FROM login_attempts WHERE subject = ? AND ok = 0 AND at >= max(?,
           coalesce((SELECT max(at) FROM login_attempts WHERE subject = ? AND ok = 1), 0) + 1)`,
      )
      .get(subject, since, subject);
    return Number(row!.n);
  }
}
