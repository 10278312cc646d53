import { createHash, randomBytes } from 'node:crypto';
import type { ApiKey, KeyKind, KeyStorage, WorkspaceStorage } from './types.ts';

/** The ports keys are checked and made with. The store satisfies it as it is. */
export type KeySources = { readonly keys: KeyStorage; readonly workspaces: Pick<WorkspaceStorage, 'get'> };

const PREFIX: Record<KeyKind, string> = { write: 'll_wk_', secret: 'll_sk_' };

/** A new random key: 192 bits of entropy after a prefix that tells its kind. */
export function generateKey(kind: KeyKind): string {
  return PREFIX[kind] + randomBytes(24).toString('base64url');
}

/**
 * Keys are stored as SHA-256 digests. A slow password hash is not needed: the keys are random with 192
 * bits of entropy, so a digest cannot be reversed by guessing, and lookups stay one indexed read.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The part of a key that is shown in listings: enough to tell keys apart, useless to an attacker. */
export function keyPrefix(key: string): string {
  return key.slice(0, 12);
}

/** Creates a key (random unless `value` is given) and returns it once in the clear with its record. */
export async function createKey(
  store: KeySources,
  input: { workspaceId: number; kind: KeyKind; name: string; value?: string; now: number },
): Promise<{ key: string; record: ApiKey }> {
  const key = input.value ?? generateKey(input.kind);
  const record = await store.keys.insert({
    workspaceId: input.workspaceId,
    kind: input.kind,
    name: input.name,
    prefix: keyPrefix(key),
    hash: hashKey(key),
    createdAt: input.now,
  });
  return { key, record };
}

/** Replaces a key with a new one of the same kind and workspace and revokes the old one. */
export async function rotateKey(
  store: KeySources,
  id: number,
  now: number,
): Promise<{ key: string; record: ApiKey; revoked: ApiKey } | null> {
  const old = await store.keys.get(id);
  if (!old || old.revokedAt !== null) return null;
  const created = await createKey(store, {
    workspaceId: old.workspaceId,
    kind: old.kind,
    name: old.name,
    now,
  });
  await store.keys.revoke(id, now);
  return { ...created, revoked: { ...old, revokedAt: now } };
}
