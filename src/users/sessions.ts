import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DAY } from '../core/index.ts';

/** How long a session lasts from sign-in. */
export const SESSION_MS = 7 * DAY;

/** A new session token: 256 random bits, given to the browser only in the cookie. */
export const newSessionToken = (): string => randomBytes(32).toString('base64url');

/** What the store keeps of a token: a stolen copy of the table signs nobody in. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The CSRF token of a session, derived from its token so that nothing more is stored and it dies with
 * the session. Another site can make the browser send the cookie, but cannot read this value.
 */
export const csrfToken = (sessionToken: string): string =>
  createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfToken(sessionToken));
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
