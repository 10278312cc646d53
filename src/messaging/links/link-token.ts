import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed link in a message does when followed. */
export type LinkKind = 'unsubscribe' | 'preferences' | 'open' | 'click';

/** What a link's token says, signed so that nobody can make one for another customer or target. */
export type LinkClaims =
  | {
      kind: 'unsubscribe' | 'preferences';
      workspaceId: number;
      customerId: number;
      /** The message the link was in, as the sender names it; null for a link made elsewhere. */
      messageId: string | null;
      /** The topic an unsubscribe leaves; null for every marketing message. */
      topic: string | null;
    }
  | { kind: 'open'; workspaceId: number; messageId: string }
  | { kind: 'click'; workspaceId: number; messageId: string; url: string };

/** The fields of each kind besides `kind` and `workspaceId`, with their type. */
const SHAPES: Record<LinkKind, Record<string, 'string' | 'number' | 'string?'>> = {
  unsubscribe: { customerId: 'number', messageId: 'string?', topic: 'string?' },
  preferences: { customerId: 'number', messageId: 'string?', topic: 'string?' },
  open: { messageId: 'string' },
  click: { messageId: 'string', url: 'string' },
};

// Bound to this use, so an HMAC made with the same secret for something else never verifies as a link.
const CONTEXT = 'loopline-link-v1.';

const mac = (secret: Uint8Array, payload: string) =>
  createHmac('sha256', secret).update(CONTEXT).update(payload).digest();

/**
 * A URL-safe token for a link: the claims as base64url JSON, a dot, and their HMAC-SHA256 under the
 * workspace's link secret. Tokens do not expire: an unsubscribe link must work years later.
 *
 * @example signLink(secret, { kind: 'open', workspaceId: 1, messageId: '42' }) // 'eyJr...Q.k3x...'
 */
export function signLink(secret: Uint8Array, claims: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * The claims of a token made by `signLink` with this secret, or null when it was tampered with, made
 * with another secret, malformed, or of another kind than `kind` (an open token never unsubscribes).
 * The signature is compared in constant time.
 */
export function verifyLink<K extends LinkKind>(
  secret: Uint8Array,
  token: string,
  kind: K,
): Extract<LinkClaims, { kind: K }> | null {
  const parts = token.split('.');
  if (parts.length !== 2 || !BASE64URL.test(parts[0]!) || !BASE64URL.test(parts[1]!)) return null;
  const [payload, signature] = parts as [string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = parseClaims(payload);
  return claims?.kind === kind ? (claims as Extract<LinkClaims, { kind: K }>) : null;
}

/**
 * The workspace a token names, read without verifying it: a public route needs it to load the
 * secret that `verifyLink` then checks the token with. Never trust anything else read this way.
 */
export function linkWorkspace(token: string): number | null {
  const [payload] = token.split('.');
  if (!payload || !BASE64URL.test(payload)) return null;
  return parseClaims(payload)?.workspaceId ?? null;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function parseClaims(payload: string): LinkClaims | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const shape = typeof v.kind === 'string' ? SHAPES[v.kind as LinkKind] : undefined;
  if (!shape || !Number.isSafeInteger(v.workspaceId)) return null;
  const keys = Object.keys(v).filter((k) => k !== 'kind' && k !== 'workspaceId');
  if (keys.length !== Object.keys(shape).length) return null;
  for (const k of keys) {
    const type = shape[k];
    const x = v[k];
    const ok =
      type === 'number'
        ? Number.isSafeInteger(x)
        : type === 'string'
          ? typeof x === 'string'
          : type === 'string?' && (x === null || typeof x === 'string');
    if (!ok) return null;
  }
  return v as LinkClaims;
}
