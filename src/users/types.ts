/** What a member may do in a workspace; each role includes the ones below it. */
export type Role = 'admin' | 'editor' | 'viewer';

export const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];

/** A dashboard user as stored: the password only as its scrypt hash (see password.ts). */
export type User = { id: number; email: string; passwordHash: string; createdAt: number };

export type Membership = { userId: number; workspaceId: number; role: Role; createdAt: number };

/** A sign-in session: the store knows it only by the SHA-256 of its token. */
export type Session = {
  tokenHash: string;
  userId: number;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
};

/** The users' storage port: accounts, memberships, sessions and the login attempts limits count. */
export interface UserStorage {
  create(input: { email: string; passwordHash: string; createdAt: number }): Promise<User>;
  get(id: number): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  count(): Promise<number>;
  setPassword(id: number, passwordHash: string): Promise<void>;
  /** Deletes the user with their memberships and sessions. */
  remove(id: number): Promise<boolean>;
  /** Adds the membership, or changes its role. */
  setRole(userId: number, workspaceId: number, role: Role, now: number): Promise<void>;
  removeMembership(userId: number, workspaceId: number): Promise<boolean>;
  memberships(userId: number): Promise<Membership[]>;
  /** A workspace's members with their accounts, oldest first. */
  members(workspaceId: number): Promise<{ user: User; membership: Membership }[]>;
  createSession(session: Omit<Session, 'revokedAt'>): Promise<void>;
  findSession(tokenHash: string): Promise<Session | null>;
  revokeSession(tokenHash: string, at: number): Promise<boolean>;
  revokeSessions(userId: number, at: number): Promise<number>;
  recordAttempt(subject: string, at: number, ok: boolean): Promise<void>;
  /** Failed attempts for `subject` at or after `since`, since its last success. */
  failuresSince(subject: string, since: number): Promise<number>;
}
