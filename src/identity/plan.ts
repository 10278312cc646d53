import type { JsonObject, Message } from '../core/index.ts';
import { isJunkIdentifier, normalizeEmail } from './junk.ts';
import { applyTraits, mergeTraits } from './traits.ts';
import type {
  IdentityKey,
  IdentityKind,
  IdentitySettings,
  IngestPlan,
  MergeRecord,
  NewIdentity,
  ProfileState,
} from './types.ts';

export const identityKey = (kind: IdentityKind, value: string): IdentityKey => `${kind}:${value}`;

/** The identifiers of a message that may link profiles, junk values left out (null). */
export type MessageIds = {
  userId: string | null;
  anonymousId: string | null;
  email: string | null;
  /** An alias's previousId. */
  previousId: string | null;
};

/** A message's usable identifiers, worked out once per message for both the lookup and the plan. */
export function messageIds(message: Message, settings: IdentitySettings): MessageIds {
  const previousId = message.type === 'alias' ? message.payload.previousId : undefined;
  return {
    userId: message.userId && !isJunkIdentifier(message.userId) ? message.userId : null,
    anonymousId: message.anonymousId && !isJunkIdentifier(message.anonymousId) ? message.anonymousId : null,
    email: emailOf(message, settings),
    previousId: typeof previousId === 'string' && !isJunkIdentifier(previousId) ? previousId : null,
  };
}

/** The identities to look up for a message: a previousId as both kinds, since it may have been either. */
export function identitiesOf(ids: MessageIds): { kind: IdentityKind; value: string }[] {
  const out: { kind: IdentityKind; value: string }[] = [];
  if (ids.userId) out.push({ kind: 'user_id', value: ids.userId });
  if (ids.anonymousId) out.push({ kind: 'anonymous_id', value: ids.anonymousId });
  if (ids.email) out.push({ kind: 'email', value: ids.email });
  if (ids.previousId) {
    out.push({ kind: 'user_id', value: ids.previousId }, { kind: 'anonymous_id', value: ids.previousId });
  }
  return out;
}

/** The identifiers a message carries that may link profiles, junk values left out. */
export function messageIdentities(
  message: Message,
  settings: IdentitySettings,
): { kind: IdentityKind; value: string }[] {
  return identitiesOf(messageIds(message, settings));
}

function emailOf(message: Message, settings: IdentitySettings): string | null {
  if (!settings.identifyByEmail || message.type !== 'identify') return null;
  const traits = message.payload.traits as JsonObject | undefined;
  return traits ? normalizeEmail(traits.email) : null;
}

/**
 * Decides, for one workspace's batch of new (already de-duplicated) messages, which profile each message
 * belongs to and what that does to the identity graph: profiles created, linked, merged, traits updated.
 * Pure: it reads the identities and profiles the store found for the batch's identifiers and returns
 * a plan. New profiles get negative ids (-1, -2, ...) that the store replaces with real ones.
 *
 * Rules: a userId is the strongest identifier; a message's anonymousId or email joins the userId's profile
 * unless it already belongs to a profile with a different userId (a shared device or a shared inbox),
 * in which case nothing merges. An explicit alias merges even two known users. A profile holding
 * `maxIdentitiesPerCustomer` identifiers takes no more anonymous ones and no merges that would exceed it.
 */
export function planIngest(
  messages: Message[],
  known: { identities: Map<IdentityKey, number>; profiles: Map<number, ProfileState> },
  settings: IdentitySettings,
  ids: MessageIds[] = messages.map((m) => messageIds(m, settings)),
): IngestPlan {
  const owner = new Map(known.identities);
  const profiles = new Map<number, ProfileState>();
  for (const [id, p] of known.profiles) {
    profiles.set(id, { ...p, traits: { ...p.traits }, traitTimes: { ...p.traitTimes } });
  }
  const redirect = new Map<number, number>();
  const dirty = new Set<number>();
  /** Profiles changed beyond first/last seen; the others need only a two-column update. */
  const full = new Set<number>();
  const merges: MergeRecord[] = [];
  const identities: NewIdentity[] = [];
  const assigned: { message: Message; customerId: number }[] = [];
  let nextNew = -1;

  const resolve = (id: number): number => {
    let current = id;
    for (let next = redirect.get(current); next !== undefined; next = redirect.get(current)) current = next;
    return current;
  };
  const ownerOf = (kind: IdentityKind, value: string): number | undefined => {
    const id = owner.get(identityKey(kind, value));
    return id === undefined ? undefined : resolve(id);
  };
  const create = (m: Message): number => {
    const id = nextNew--;
    profiles.set(id, {
      id,
      userId: null,
      email: null,
      traits: {},
      traitTimes: {},
      firstSeen: m.timestamp,
      lastSeen: m.timestamp,
      identityCount: 0,
    });
    dirty.add(id);
    return id;
  };
  const link = (kind: IdentityKind, value: string, customerId: number, force: boolean): void => {
    const profile = profiles.get(customerId)!;
    if (!force && profile.identityCount >= settings.maxIdentitiesPerCustomer) return;
    owner.set(identityKey(kind, value), customerId);
    identities.push({ kind, value, customerId });
    profile.identityCount++;
    dirty.add(customerId);
    full.add(customerId);
  };
  const merge = (fromId: number, intoId: number, m: Message, reason: string, explicit: boolean): boolean => {
    const from = profiles.get(fromId)!;
    const into = profiles.get(intoId)!;
    if (!explicit && from.userId && into.userId && from.userId !== into.userId) return false;
    if (!explicit && from.identityCount + into.identityCount > settings.maxIdentitiesPerCustomer)
      return false;
    mergeTraits(into, from);
    into.userId ??= from.userId;
    into.email = normalizeEmail(into.traits.email) ?? into.email ?? from.email;
    into.firstSeen = Math.min(into.firstSeen, from.firstSeen);
    into.lastSeen = Math.max(into.lastSeen, from.lastSeen);
    into.identityCount += from.identityCount;
    redirect.set(fromId, intoId);
    profiles.delete(fromId);
    dirty.delete(fromId);
    dirty.add(intoId);
    full.add(intoId);
    merges.push({
      fromCustomerId: fromId,
      intoCustomerId: intoId,
      reason,
      messageId: m.messageId,
      at: m.receivedAt,
    });
    return true;
  };
  /** Joins an identifier to the survivor: links it if free, merges its profile if it has one. */
  const join = (kind: IdentityKind, value: string, survivor: number, m: Message, explicit: boolean): void => {
    const current = ownerOf(kind, value);
    if (current === undefined) link(kind, value, survivor, explicit);
    else if (current !== survivor) merge(current, survivor, m, `${m.type} linked ${kind} ${value}`, explicit);
  };

  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    const { userId, anonymousId, email, previousId } = ids[i]!;
    let survivor: number | undefined;

    if (m.type === 'alias' && userId) {
      survivor = aliasTarget(m, userId, previousId);
    } else if (userId) {
      survivor = ownerOf('user_id', userId);
      if (survivor === undefined) {
        // A known anonymous or email profile with no user of its own becomes this user's profile.
        for (const [kind, value] of [
          ['email', email],
          ['anonymous_id', anonymousId],
        ] as const) {
          const candidate = value ? ownerOf(kind, value) : undefined;
          if (candidate !== undefined && profiles.get(candidate)!.userId === null) {
            survivor = candidate;
            break;
          }
        }
        survivor ??= create(m);
        link('user_id', userId, survivor, true);
        const profile = profiles.get(survivor)!;
        profile.userId ??= userId;
      }
    } else {
      survivor =
        (email ? ownerOf('email', email) : undefined) ??
        (anonymousId ? ownerOf('anonymous_id', anonymousId) : undefined) ??
        create(m);
    }
    if (email) join('email', email, survivor, m, false);
    if (anonymousId) join('anonymous_id', anonymousId, resolve(survivor), m, false);
    survivor = resolve(survivor);

    const profile = profiles.get(survivor)!;
    if (m.timestamp < profile.firstSeen || m.timestamp > profile.lastSeen) {
      profile.firstSeen = Math.min(profile.firstSeen, m.timestamp);
      profile.lastSeen = Math.max(profile.lastSeen, m.timestamp);
      dirty.add(survivor);
    }
    const traits = m.payload.traits;
    if (m.type === 'identify' && traits && typeof traits === 'object' && !Array.isArray(traits)) {
      if (applyTraits(profile, traits, m.timestamp)) {
        profile.email = normalizeEmail(profile.traits.email) ?? profile.email;
        dirty.add(survivor);
        full.add(survivor);
      }
    }
    assigned.push({ message: m, customerId: survivor });
  }

  /** alias: previousId (an earlier userId or anonymousId) becomes the same person as userId. */
  function aliasTarget(m: Message, userId: string, previousId: string | null): number {
    const source =
      previousId === null
        ? undefined
        : (ownerOf('user_id', previousId) ?? ownerOf('anonymous_id', previousId));
    let target = ownerOf('user_id', userId);
    if (target === undefined) {
      target = source !== undefined ? source : create(m);
      link('user_id', userId, target, true);
      profiles.get(target)!.userId = userId;
    } else if (source !== undefined && source !== target) {
      merge(source, target, m, `alias ${previousId} to ${userId}`, true);
    }
    if (previousId !== null && source === undefined && previousId !== userId) {
      link(m.anonymousId === previousId ? 'anonymous_id' : 'user_id', previousId, target, true);
    }
    return target;
  }

  const created: ProfileState[] = [];
  const updated: ProfileState[] = [];
  const seen: IngestPlan['seen'] = [];
  for (const id of dirty) {
    const profile = profiles.get(id);
    if (!profile) continue;
    if (id < 0) created.push(profile);
    else if (full.has(id)) updated.push(profile);
    else seen.push({ id, firstSeen: profile.firstSeen, lastSeen: profile.lastSeen });
  }
  for (const identity of identities) identity.customerId = resolve(identity.customerId);
  for (const event of assigned) event.customerId = resolve(event.customerId);
  return { newProfileCount: -nextNew - 1, created, updated, seen, merges, identities, events: assigned };
}

/**
 * Replaces the negative ids of profiles created by a plan (-1, -2, ...) with the `plan.newProfileCount`
 * ids the store allocated, in order. Profiles created and merged away in the same batch get an id too,
 * so that their merge is on record.
 */
export function assignIds(plan: IngestPlan, ids: number[]): void {
  const map = (id: number): number => (id < 0 ? ids[-id - 1] : id);
  for (const profile of plan.created) profile.id = map(profile.id);
  for (const identity of plan.identities) identity.customerId = map(identity.customerId);
  for (const event of plan.events) event.customerId = map(event.customerId);
  for (const merge of plan.merges) {
    merge.fromCustomerId = map(merge.fromCustomerId);
    merge.intoCustomerId = map(merge.intoCustomerId);
  }
}
