import type pg from 'pg';
import type { Membership, Role, Session, User, UserStorage } from '../../users/index.ts';
import { toMembership, toSession, toUser } from '../user-rows.ts';
import { one } from './pool.ts';

/** Dashboard users, memberships, sessions and login attempts on PostgreSQL. */
export class PostgresUsers implements UserStorage {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async create(input: { email: string; passwordHash: string; createdAt: number }): Promise<User> {
    const sql = 'INSERT INTO users (email, password_hash, created_at) VALUES ($1, $2, $3) RETURNING *';
    return toUser((await one(this.#pool, sql, [input.email, input.passwordHash, input.createdAt]))!);
  }

  async get(id: number): Promise<User | null> {
    const row = await one(this.#pool, 'SELECT * FROM users WHERE id = $1', [id]);
    return row ? toUser(row) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = await one(this.#pool, 'SELECT * FROM users WHERE email = $1', [email]);
    return row ? toUser(row) : null;
  }

  async count(): Promise<number> {
    return Number((await one(this.#pool, 'SELECT count(*) AS n FROM users', []))!.n);
  }

  async setPassword(id: number, passwordHash: string): Promise<void> {
    await this.#pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, id]);
  }

  async remove(id: number): Promise<boolean> {
    return ((await this.#pool.query('DELETE FROM users WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async setRole(userId: number, workspaceId: number, role: Role, now: number): Promise<void> {
    await this.#pool.query(
      `INSERT INTO memberships (user_id, workspace_id, role, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, workspace_id) DO UPDATE SET role = excluded.role`,
      [userId, workspaceId, role, now],
    );
  }

  async removeMembership(userId: number, workspaceId: number): Promise<boolean> {
    const sql = 'DELETE FROM memberships WHERE user_id = $1 AND workspace_id = $2';
    return ((await this.#pool.query(sql, [userId, workspaceId])).rowCount ?? 0) > 0;
  }

  async memberships(userId: number): Promise<Membership[]> {
    const sql = 'SELECT * FROM memberships WHERE user_id = $1 ORDER BY workspace_id';
    return (await this.#pool.query(sql, [userId])).rows.map(toMembership);
  }

  async members(workspaceId: number): Promise<{ user: User; membership: Membership }[]> {
    const sql = `SELECT u.*, m.user_id, m.workspace_id, m.role, m.created_at AS m_created_at
      FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 ORDER BY u.id`;
    return (await this.#pool.query(sql, [workspaceId])).rows.map((row) => ({
      user: toUser(row),
      membership: toMembership(row),
    }));
  }

  async createSession(session: Omit<Session, 'revokedAt'>): Promise<void> {
    await this.#pool.query(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [session.tokenHash, session.userId, session.createdAt, session.expiresAt],
    );
  }

  async findSession(tokenHash: string): Promise<Session | null> {
    const row = await one(this.#pool, 'SELECT * FROM sessions WHERE token_hash = $1', [tokenHash]);
    return row ? toSession(row) : null;
  }

  async revokeSession(tokenHash: string, at: number): Promise<boolean> {
    const sql = 'UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL';
    return ((await this.#pool.query(sql, [at, tokenHash])).rowCount ?? 0) > 0;
  }

  async revokeSessions(userId: number, at: number): Promise<number> {
    const sql = 'UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL';
    return (await this.#pool.query(sql, [at, userId])).rowCount ?? 0;
  }

  async recordAttempt(subject: string, at: number, ok: boolean): Promise<void> {
    await this.#pool.query('INSERT INTO login_attempts (subject, at, ok) VALUES ($1, $2, $3)', [
      subject,
      at,
      ok,
    ]);
  }

  async failuresSince(subject: string, since: number): Promise<number> {
    const sql = `SELECT count(*) AS n FROM login_attempts WHERE subject = $1 AND NOT ok AND at >= greatest($2,
        coalesce((SELECT max(at) FROM login_attempts WHERE subject = $1 AND ok), 0) + 1)`;
    return Number((await one(this.#pool, sql, [subject, since]))!.n);
  }
}
