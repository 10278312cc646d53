import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a public link does: unsubscribe, preferences, open pixel, click, a provider's report hook. */
export type TokenKind = 'u' | 'p' | 'o' | 'c' | 'h';

export type TokenClaims = { kind: TokenKind; workspaceId: number; messageId: number; url: string | null };

const MAC_BYTES = 16;
const mac = (key: Buffer, body: string) =>
  createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);

/**
 * A signed public link token: `<claims>.<mac>`, the claims base64url JSON and the MAC an HMAC-SHA256
 * (truncated to 128 bits) under the workspace's link key. The workspace id travels in the clear so the
 * verifier can pick the key; anything changed in it, or anywhere else, fails the check.
 *
 * @example signToken(key, { kind: 'c', workspaceId: 1, messageId: 9, url: 'https://shop.example/' })
 */
export function signToken(key: Buffer, c: TokenClaims): string {
  const body = Buffer.from(JSON.stringify([c.kind, c.workspaceId, c.messageId, c.url])).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** The workspace a token claims, read before its key is known; null for a token of the wrong form. */
export function tokenWorkspace(token: string): number | null {
  const claims = readClaims(token.split('.')[0] ?? '');
  return claims?.workspaceId ?? null;
}

/** The claims of a token signed with `key`, or null when it was not (tampered, truncated, foreign). */
export function verifyToken(key: Buffer, token: string): TokenClaims | null {
  const [body, sig, ...rest] = token.split('.');
  if (!body || !sig || rest.length > 0) return null;
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return readClaims(body);
}

function readClaims(body: string): TokenClaims | null {
  try {
    const [kind, workspaceId, messageId, url] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (
      !['u', 'p', 'o', 'c', 'h'].includes(kind) ||
      !Number.isSafeInteger(workspaceId) ||
      !Number.isSafeInteger(messageId)
    )
      return null;
    if (url !== null && typeof url !== 'string') return null;
    return { kind, workspaceId, messageId, url };
  } catch {
    return null;
  }
}
