import type { Clock } from '../core/index.ts';
import { hashKey, type KeySources } from './keys.ts';
import type { KeyKind, Workspace } from './types.ts';

type Entry = { workspace: Workspace | null; kind: KeyKind | null; expires: number };

/**
 * Turns a presented key into its workspace. Results (unknown keys too) are cached for a few seconds:
 * ingest checks a key on every request, and a key revoked from another process stops working within
 * the TTL; one revoked through this process stops at once (`forget`).
 */
export class KeyAuthenticator {
  readonly #store: KeySources;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, Entry>();

  constructor(store: KeySources, clock: Clock, ttlMs = 5_000) {
    this.#store = store;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  /** The workspace the key belongs to if it is a live key of the given kind, else null. */
  async authenticate(key: string, kind: KeyKind): Promise<Workspace | null> {
    const hash = hashKey(key);
    const now = this.#clock.now();
    let entry = this.#cache.get(hash);
    if (!entry || entry.expires <= now) {
      const record = await this.#store.keys.findByHash(hash);
      const live = record && record.revokedAt === null ? record : null;
      const workspace = live ? await this.#store.workspaces.get(live.workspaceId) : null;
      entry = { workspace, kind: live?.kind ?? null, expires: now + this.#ttlMs };
      if (this.#cache.size > 10_000) this.#cache.clear();
      this.#cache.set(hash, entry);
    }
    return entry.kind === kind ? entry.workspace : null;
  }

  /** Drops cached results, e.g. after a key is revoked or workspace settings change. */
  forget(): void {
    this.#cache.clear();
  }
}
