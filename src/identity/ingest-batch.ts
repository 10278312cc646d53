import type { Message } from '../core/index.ts';
import { assignIds, identitiesOf, identityKey, messageIds, planIngest } from './plan.ts';
import type { IdentityKey, IdentityKind, IdentitySettings, IngestPlan, ProfileState } from './types.ts';

/**
 * What a store offers inside one ingest transaction. Each adapter implements these with its own SQL;
 * `ingestMessages` composes them the same way for both.
 */
export type IngestTransaction = {
  /** The message ids among `ids` that the workspace already stored. */
  existingMessageIds(workspaceId: number, ids: string[]): Promise<Set<string>>;
  /** Current owner of each of the given identifiers that exists. */
  lookupIdentities(
    workspaceId: number,
    keys: { kind: IdentityKind; value: string }[],
  ): Promise<Map<IdentityKey, number>>;
  loadProfiles(workspaceId: number, ids: number[]): Promise<Map<number, ProfileState>>;
  allocateCustomerIds(count: number): Promise<number[]>;
  /** Writes the plan; returns how many of its events were newly inserted. */
  applyPlan(workspaceId: number, plan: IngestPlan, now: number): Promise<number>;
};

export type IngestOutcome = { inserted: number; duplicates: number };

/**
 * Stores one workspace's messages inside an open transaction: drops replays (same messageId, in the
 * store or earlier in the batch), resolves identities and writes events and profiles.
 */
export async function ingestMessages(
  tx: IngestTransaction,
  workspaceId: number,
  messages: Message[],
  settings: IdentitySettings,
  now: number,
): Promise<IngestOutcome> {
  const seen = new Set<string>();
  const unique: Message[] = [];
  for (const m of messages) {
    if (seen.has(m.messageId)) continue;
    seen.add(m.messageId);
    unique.push(m);
  }
  const existing = await tx.existingMessageIds(workspaceId, [...seen]);
  const fresh = existing.size ? unique.filter((m) => !existing.has(m.messageId)) : unique;
  if (fresh.length === 0) return { inserted: 0, duplicates: messages.length };

  const keys = new Map<IdentityKey, { kind: IdentityKind; value: string }>();
  const ids = fresh.map((m) => messageIds(m, settings));
  for (const mi of ids) for (const id of identitiesOf(mi)) keys.set(identityKey(id.kind, id.value), id);
  const identities = await tx.lookupIdentities(workspaceId, [...keys.values()]);
  const profiles = await tx.loadProfiles(workspaceId, [...new Set(identities.values())]);
  const plan = planIngest(fresh, { identities, profiles }, settings, ids);
  if (plan.newProfileCount > 0) assignIds(plan, await tx.allocateCustomerIds(plan.newProfileCount));
  const inserted = await tx.applyPlan(workspaceId, plan, now);
  return { inserted, duplicates: messages.length - inserted };
}
