import type { JsonObject } from '../core/index.ts';

export type OutboxChannel = 'email' | 'sms' | 'webhook';

/** Where a message came from: copied onto its delivery events so results count per journey node. */
export type MessageOrigin = {
  journeyId: number;
  version: number;
  nodeId: string;
  /** The customer's entry into the journey (one per enrolment). */
  entryId: number;
  /** The A/B variant the customer drew on their way to this node, if any. */
  variant: string | null;
};

/**
 * One message a journey step (or a test send) decided to send. It is written in the same write unit
 * as the step that decided it, with the job that sends it, so a step that rolls back sends nothing and
 * a committed one is never lost. Every policy that can change between deciding and sending
 * (suppression, subscription, frequency caps, quiet hours) is checked by the sender, at send time.
 */
export type NewOutboxMessage = {
  workspaceId: number;
  customerId: number;
  channel: OutboxChannel;
  /** The template's key in the workspace; the sender renders its published version at send time. */
  template: string;
  /**
   * Unique per workspace, e.g. `j:<journeyId>:v<version>:<nodeId>:<entryId>`: enqueuing the same key
   * again adds nothing, so a replayed step never sends twice.
   */
  idempotencyKey: string;
  origin: MessageOrigin | null;
  /** The triggering event's properties, for Liquid's `event.*`. */
  event: JsonObject | null;
  /** The subscription topic for marketing messages; null with `transactional`. */
  topic: string | null;
  transactional: boolean;
  /** Not sent before this time (epoch ms). */
  notBefore: number;
  /** Quiet hours in the customer's time zone: hold the message until they end, or skip it. */
  quietHours: 'hold' | 'skip' | 'ignore';
  /** Over a frequency cap: wait until the cap allows it, or skip it (recorded, never silent). */
  onCap: 'wait' | 'skip';
  /** `optimal`: at the hour this customer engaged most, else the workspace's best hour. */
  sendTime: 'now' | 'optimal';
};

/** The outbox as a write unit sees it (`unit.outbox`). */
export interface OutboxWritesInUnit {
  /** Adds the messages not already there by idempotency key, with their send jobs; returns how many were added. */
  enqueue(messages: readonly NewOutboxMessage[], now: number): Promise<number>;
}
