import type { Static } from 'typebox';
import { type Holds, iso, type JsonObject, type Same } from '../core/index.ts';
import type { CustomerSchema, EventSchema, IdentitySchema, MergeSchema } from './schemas.ts';
import type { Customer, Identity, Merge, StoredEvent } from './types.ts';

/** JSON the API shows as it is stored; the schemas describe it as an object of anything. */
const json = (value: JsonObject): Record<string, unknown> => value;

/** A customer as the API shows it; `stage` is given where the lifecycle engine runs (undefined: not shown). */
export const customerView = (c: Customer, stage?: { stage: string; since: number } | null) => ({
  id: c.id,
  userId: c.userId,
  email: c.email,
  traits: json(c.traits),
  firstSeen: iso(c.firstSeen),
  lastSeen: iso(c.lastSeen),
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
  ...(stage === undefined ? {} : { stage: stage ? { key: stage.stage, since: iso(stage.since) } : null }),
});

/** One of a customer's identities (user id, anonymous id, email) as the API shows it. */
export const identityView = (i: Identity) => ({ kind: i.kind, value: i.value, createdAt: iso(i.createdAt) });

/** A merge of another profile into this one as the API shows it. */
export const mergeView = (m: Merge) => ({ ...m, at: iso(m.at) });

/** An event as the API shows it: the stored columns plus the Segment fields people look for first. */
export const eventView = (e: StoredEvent) => {
  const { properties, traits, context } = e.payload as Record<string, JsonObject | undefined>;
  return {
    id: e.id,
    customerId: e.customerId,
    messageId: e.messageId,
    type: e.type,
    name: e.name,
    userId: e.userId,
    anonymousId: e.anonymousId,
    timestamp: iso(e.timestamp),
    receivedAt: iso(e.receivedAt),
    ...(properties ? { properties: json(properties) } : {}),
    ...(traits ? { traits: json(traits) } : {}),
    ...(context ? { context: json(context) } : {}),
    payload: json(e.payload),
    internal: e.internal,
    stage: e.stage,
    channel: e.channel,
    touchpoint: e.touchpoint,
    campaign: e.campaign,
    value: e.value,
  };
};

// The views and the response schemas must not drift apart (see core/schema-check.ts).
export type ViewsAgree = [
  Holds<Same<Static<typeof CustomerSchema>, ReturnType<typeof customerView>>>,
  Holds<Same<Static<typeof IdentitySchema>, ReturnType<typeof identityView>>>,
  Holds<Same<Static<typeof MergeSchema>, ReturnType<typeof mergeView>>>,
  Holds<Same<Static<typeof EventSchema>, ReturnType<typeof eventView>>>,
];
