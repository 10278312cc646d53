import type { Membership, Role, Session, User } from '../users/index.ts';

/** Maps the users' rows (either dialect) to the port's types. */
type Row = Record<string, unknown>;
const numOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export const toUser = (r: Row): User => ({
  id: Number(r.id),
  email: String(r.email),
  passwordHash: String(r.password_hash),
  createdAt: Number(r.created_at),
});

export const toMembership = (r: Row): Membership => ({
  userId: Number(r.user_id),
  workspaceId: Number(r.workspace_id),
  role: r.role as Role,
  createdAt: Number(r.m_created_at ?? r.created_at),
});

export const toSession = (r: Row): Session => ({
  tokenHash: String(r.token_hash),
  userId: Number(r.user_id),
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  revokedAt: numOrNull(r.revoked_at),
});
