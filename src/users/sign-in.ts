import {
  addressSubject,
  emailSubject,
  LOGIN_WINDOW_MS,
  loginBlocked,
  normalizeEmail,
} from './login-limit.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { hashToken, newSessionToken, SESSION_MS } from './sessions.ts';
import type { Session, User, UserStorage } from './types.ts';

export type SignIn =
  | { ok: true; user: User; token: string; expiresAt: number }
  | { ok: false; reason: 'wrong' | 'limited' };

/**
 * Checks an email and password and opens a session. The answer to a wrong email and to a wrong
 * password is the same, so the form cannot be used to learn who has an account.
 */
export async function signIn(
  users: UserStorage,
  input: { email: string; password: string; address: string; now: number },
): Promise<SignIn> {
  const { now } = input;
  const bySubject = emailSubject(input.email);
  const byAddress = addressSubject(input.address);
  const since = now - LOGIN_WINDOW_MS;
  const [emailFailures, addressFailures] = await Promise.all([
    users.failuresSince(bySubject, since),
    users.failuresSince(byAddress, since),
  ]);
  if (loginBlocked(emailFailures, addressFailures)) return { ok: false, reason: 'limited' };
  const user = await users.findByEmail(normalizeEmail(input.email));
  // An unknown email costs the same scrypt as a known one, so timing does not tell them apart either.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await unknownUserHash()));
  await users.recordAttempt(bySubject, now, ok);
  await users.recordAttempt(byAddress, now, ok);
  if (!ok || !user) return { ok: false, reason: 'wrong' };
  const token = newSessionToken();
  const expiresAt = now + SESSION_MS;
  await users.createSession({ tokenHash: hashToken(token), userId: user.id, createdAt: now, expiresAt });
  return { ok: true, user, token, expiresAt };
}

let dummy: Promise<string> | undefined;
const unknownUserHash = () => {
  dummy ??= hashPassword(newSessionToken());
  return dummy;
};

/** The live session a token opens, or null when unknown, expired or revoked. */
export async function liveSession(users: UserStorage, token: string, now: number): Promise<Session | null> {
  const session = await users.findSession(hashToken(token));
  if (!session || session.revokedAt !== null || session.expiresAt <= now) return null;
  return session;
}
