import { iso } from '../core/index.ts';
import type { CustomerView, EventView } from './schemas.ts';
import type { Customer, Identity, Merge, StoredEvent } from './types.ts';

/** A customer as the API shows it; `stage` is given where the lifecycle engine runs (undefined: not shown). */
export const customerView = (c: Customer, stage?: { stage: string; since: number } | null): CustomerView => ({
  id: c.id,
  userId: c.userId,
  email: c.email,
  traits: c.traits,
  firstSeen: iso(c.firstSeen),
  lastSeen: iso(c.lastSeen),
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
  ...(stage === undefined ? {} : { stage: stage ? { key: stage.stage, since: iso(stage.since) } : null }),
});

export const identityView = (i: Identity) => ({ kind: i.kind, value: i.value, createdAt: iso(i.createdAt) });

export const mergeView = (m: Merge) => ({ ...m, at: iso(m.at) });

/** An event as the API shows it: the stored columns plus the Segment fields people look for first. */
export const eventView = (e: StoredEvent): EventView => {
  const { properties, traits, context } = e.payload as Record<string, Record<string, unknown> | undefined>;
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
    ...(properties ? { properties } : {}),
    ...(traits ? { traits } : {}),
    ...(context ? { context } : {}),
    payload: e.payload,
    internal: e.internal,
    stage: e.stage,
    channel: e.channel,
    touchpoint: e.touchpoint,
    campaign: e.campaign,
    value: e.value,
  };
};
