import type { DeliveryReport } from '../../channels/types.ts';
import type { JsonObject } from '../../core/index.ts';
import { deliveryEvent } from '../sender/delivery-facts.ts';
import type { SenderDeps, SenderUnit } from '../sender/sender-deps.ts';
import { ALL_MARKETING, type MessageEventKind, type OutboxMessage, type Topic } from '../types.ts';
import { MACHINE_DETAIL, machineOpen } from './machine-open.ts';

export type FactDeps<U extends SenderUnit> = Pick<
  SenderDeps<U>,
  'clock' | 'messaging' | 'write' | 'track' | 'recipient'
>;

/** A customer's choices as the preferences page shows them: each topic, and all marketing. */
export type Preferences = { topics: (Topic & { subscribed: boolean })[]; allMarketing: boolean };

/**
 * Records what happened to a message after it left: opens, clicks, unsubscribes, provider reports.
 * Each fact is a delivery event with the message's origin and the customer's track event (`Email
 * Opened`, ...) in one unit; the track event's id is derived from the fact, so a repeat adds nothing
 * to the customer's log (the first open and each link's first click count there).
 */
export class FactRecorder<U extends SenderUnit> {
  readonly #d: FactDeps<U>;

  constructor(deps: FactDeps<U>) {
    this.#d = deps;
  }

  async #record(
    m: OutboxMessage,
    kind: MessageEventKind,
    detail: string | null,
    extra: JsonObject = {},
    part?: string,
    more?: (unit: U, now: number) => Promise<void>,
  ): Promise<void> {
    const d = this.#d;
    const now = d.clock.now();
    const r = await d.recipient(m.workspaceId, m.customerId);
    await d.write(async (unit) => {
      await unit.outbox.addEvents([{ workspaceId: m.workspaceId, messageId: m.id, kind, at: now, detail }]);
      const event = r && deliveryEvent(m, r, kind, now, now, extra, part);
      if (event) await d.track(unit, m.workspaceId, [event], now);
      await more?.(unit, now);
    });
  }

  /**
   * The open pixel was fetched. A machine's fetch (see `machineOpen`) is recorded with why, and its
   * `Email Opened` carries `machine: true`, so that counts of engagement can leave it out.
   */
  opened(
    m: OutboxMessage,
    fetch: { userAgent: string | undefined; ip: string } = { userAgent: undefined, ip: '' },
  ): Promise<void> {
    const machine = machineOpen({ ...fetch, sentAt: m.sentAt, at: this.#d.clock.now() });
    if (machine === null) return this.#record(m, 'opened', null);
    return this.#record(m, 'opened', `${MACHINE_DETAIL}${machine}`, { machine: true }, 'machine');
  }

  /** A click on one of the message's links (`url` is the signed target). */
  clicked(m: OutboxMessage, url: string): Promise<void> {
    return this.#record(m, 'clicked', url, { url }, hashOf(url));
  }

  /**
   * The customer leaves a topic (null: all marketing), recorded on the message the link was in when
   * there is one. Idempotent: a second unsubscribe changes and records nothing.
   */
  async unsubscribe(
    workspaceId: number,
    customerId: number,
    topic: string | null,
    m: OutboxMessage | null,
  ): Promise<void> {
    const d = this.#d;
    const key = topic ?? ALL_MARKETING;
    const subs = await d.messaging.subscriptions(workspaceId, customerId);
    if (subs.get(key) === false) return;
    const leave = (unit: U, now: number) => unit.outbox.subscribe(workspaceId, customerId, key, false, now);
    if (!m) {
      await d.write((unit) => leave(unit, d.clock.now()));
      return;
    }
    await this.#record(m, 'unsubscribed', topic ?? 'all marketing', { topic: key }, key, leave);
  }

  async preferences(workspaceId: number, customerId: number): Promise<Preferences> {
    const [topics, subs] = await Promise.all([
      this.#d.messaging.topics(workspaceId),
      this.#d.messaging.subscriptions(workspaceId, customerId),
    ]);
    return {
      topics: topics.map((t) => ({ ...t, subscribed: subs.get(t.key) ?? t.defaultChoice === 'in' })),
      allMarketing: subs.get(ALL_MARKETING) !== false,
    };
  }

  /** Saves the preferences page: the topics ticked, and whether any marketing at all. */
  async savePreferences(
    workspaceId: number,
    customerId: number,
    chosen: ReadonlySet<string>,
    allMarketing: boolean,
    m: OutboxMessage | null,
  ): Promise<void> {
    const d = this.#d;
    const before = await this.preferences(workspaceId, customerId);
    await d.write(async (unit) => {
      const now = d.clock.now();
      for (const t of before.topics)
        if (t.subscribed !== chosen.has(t.key))
          await unit.outbox.subscribe(workspaceId, customerId, t.key, chosen.has(t.key), now);
      if (!before.allMarketing && allMarketing)
        await unit.outbox.subscribe(workspaceId, customerId, ALL_MARKETING, true, now);
    });
    // Leaving all marketing is an unsubscribe, recorded as one.
    if (before.allMarketing && !allMarketing) await this.unsubscribe(workspaceId, customerId, null, m);
  }

  /**
   * A provider's report: hard bounces and complaints suppress the address (whether or not we find the
   * message), and the fact is recorded on the message it names.
   */
  async report(workspaceId: number, report: DeliveryReport): Promise<OutboxMessage | null> {
    const d = this.#d;
    const email = report.email.toLowerCase();
    const reason =
      report.kind === 'complained' ? 'complaint' : report.bounce === 'hard' ? 'hard-bounce' : null;
    if (reason)
      await d.messaging.write((w) =>
        w.suppress(
          workspaceId,
          { channel: 'email', address: email, reason, detail: report.detail },
          d.clock.now(),
        ),
      );
    const m =
      (report.messageId ? await d.messaging.byMessageId(workspaceId, report.messageId) : null) ??
      (report.providerId ? await d.messaging.byProviderId(workspaceId, report.providerId) : null);
    if (!m) return null;
    const detail = [report.bounce, report.detail].filter(Boolean).join(': ') || null;
    await this.#record(m, report.kind, detail, report.bounce ? { bounce: report.bounce } : {});
    return m;
  }
}

/** A short stable name of a link, so each link's first click is one track event. */
function hashOf(url: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) h = Math.imul(h ^ url.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}
