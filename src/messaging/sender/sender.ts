import { WEEK } from '../../core/index.ts';
import type { MessagePatch } from '../messaging-storage.ts';
import type { RenderedMessage } from '../template-types.ts';
import {
  ALL_MARKETING,
  type MessageEventKind,
  type MessagingSettings,
  type OutboxMessage,
  type SkipReason,
} from '../types.ts';
import { cacheKeyOf, renderInput } from './compose.ts';
import { deliveryEvent } from './delivery-facts.ts';
import { dispatch } from './dispatch.ts';
import { bestHourAt, capAllowsAt, quietUntil, zoneOf } from './send-policy.ts';
import type { Recipient, SenderDeps, SenderUnit } from './sender-deps.ts';
import { type TestSendRequest, type TestSendResult, testSend } from './test-send.ts';

/** Delivery attempts before a message is dead; its job retries after 30 s, 60 s, 120 s, ... in between. */
export const SEND_ATTEMPTS = 6;
export const SEND_BACKOFF = { baseMs: 30_000, maxMs: 3_600_000 };

/** What one run of a message's job came to: done, or to run again at `rerunAt` (a hold). */
export type SendOutcome = { rerunAt: number } | undefined;

/** A transient failure: the job throws it so that the jobs mechanism retries with backoff. */
export class TransientSendError extends Error {
  override name = 'TransientSendError';
}

type Decided = {
  status: 'sent' | 'skipped' | 'failed' | 'dead';
  patch: MessagePatch;
  kind: MessageEventKind;
  detail: string | null;
};

/**
 * Sends outbox messages, one per `message.send` job: checks the policies in order (recipient and
 * address, suppression, subscription, frequency caps, quiet hours, send time), each refusal recorded as
 * a skip with its reason, then renders and hands it to the workspace's channel, or to the capture inbox
 * when none is configured. The status, its delivery event and the customer's track event commit in
 * one unit.
 *
 * At least once: a crash between the provider's accept and that unit leaves the row queued, so the job
 * runs again and sends again, with the same Message-ID (derived from the row), which lets mail systems
 * drop the duplicate.
 */
export class Sender<U extends SenderUnit> {
  readonly #d: SenderDeps<U>;

  constructor(deps: SenderDeps<U>) {
    this.#d = deps;
  }

  /** A test send of a published template (see `testSend`). */
  test(workspaceId: number, req: TestSendRequest): Promise<TestSendResult | null> {
    return testSend(this.#d, workspaceId, req);
  }

  /** The run of one message's job. Throws a TransientSendError to be retried. */
  async send(workspaceId: number, messageId: number): Promise<SendOutcome> {
    const d = this.#d;
    const now = d.clock.now();
    const m = await d.messaging.message(workspaceId, messageId);
    if (m?.status !== 'queued') return undefined;
    const r = await d.recipient(workspaceId, m.customerId);
    if (!r) return this.#skip(m, null, 'customer_gone', 'the customer no longer exists');
    const address =
      m.channel === 'email' ? (r.email?.toLowerCase() ?? null) : m.channel === 'sms' ? r.phone : null;
    if (m.channel !== 'webhook' && !address)
      return this.#skip(
        m,
        r,
        'no_address',
        `the customer has no ${m.channel === 'email' ? 'email address' : 'phone number'}`,
      );
    const refusal = address ? await this.#refusal(m, address) : null;
    if (refusal) return this.#skip(m, r, refusal.reason, refusal.detail);
    const settings = await d.messaging.settings(workspaceId);
    const zone = zoneOf(r.traits, settings);
    const wait = await this.#timing(m, r, settings, zone, now);
    if (wait !== null) return wait;
    return this.#deliver(m, r, address, settings);
  }

  /** Suppression, then (marketing only) the all-marketing switch and the topic. */
  async #refusal(m: OutboxMessage, address: string): Promise<{ reason: SkipReason; detail: string } | null> {
    const d = this.#d;
    const s = await d.messaging.suppression(m.workspaceId, m.channel, address);
    // A transactional message ignores opt-outs, never a bounce, a complaint or a manual block.
    if (s && (!m.transactional || s.reason !== 'unsubscribed'))
      return { reason: 'suppressed', detail: `${address} is suppressed (${s.reason})` };
    if (m.transactional) return null;
    const subs = await d.messaging.subscriptions(m.workspaceId, m.customerId);
    if (subs.get(ALL_MARKETING) === false)
      return { reason: 'unsubscribed', detail: 'unsubscribed from all marketing' };
    if (m.topic !== null) {
      const topic = await d.messaging.topic(m.workspaceId, m.topic);
      const choice = subs.get(m.topic) ?? (topic?.defaultChoice ?? 'in') === 'in';
      if (!choice) return { reason: 'unsubscribed', detail: `not subscribed to "${m.topic}"` };
    }
    return null;
  }

  /** Caps, quiet hours and the send time: a hold (the job's next run), a skip, or null to send now. */
  async #timing(
    m: OutboxMessage,
    r: Recipient,
    settings: MessagingSettings,
    zone: string,
    now: number,
  ): Promise<SendOutcome | null> {
    const d = this.#d;
    if (!m.transactional) {
      const sent = await d.messaging.marketingSentSince(m.workspaceId, m.customerId, m.channel, now - WEEK);
      const until = capAllowsAt(sent, settings.caps, now);
      if (until !== null) {
        if (m.onCap === 'wait') return { rerunAt: until };
        return this.#skip(m, r, 'cap', `over the frequency cap until ${new Date(until).toISOString()}`);
      }
    }
    if (m.quietHours !== 'ignore') {
      const until = quietUntil(now, settings.quietHours, zone);
      if (until !== null) {
        if (m.quietHours === 'hold') return { rerunAt: until };
        return this.#skip(
          m,
          r,
          'quiet_hours',
          `inside quiet hours (${zone}) until ${new Date(until).toISOString()}`,
        );
      }
    }
    if (m.sendTime === 'optimal' && m.sendAt === null) {
      // Decided once: the next run finds sendAt set and sends (after checking the rest again).
      const own = bestHourAt(await d.messaging.engagementTimes(m.workspaceId, m.customerId, 200), zone, now);
      const at =
        own ?? bestHourAt(await d.messaging.engagementTimes(m.workspaceId, null, 2000), zone, now) ?? now;
      await d.messaging.write((w) => w.update(m.workspaceId, m.id, { sendAt: at }, now));
      if (at > now) return { rerunAt: at };
    }
    return null;
  }

  async #deliver(
    m: OutboxMessage,
    r: Recipient,
    address: string | null,
    settings: MessagingSettings,
  ): Promise<SendOutcome> {
    const d = this.#d;
    const template = await d.templates.published(m.workspaceId, m.template);
    if (!template || template.channel !== m.channel)
      return this.#finish(m, r, failed(`no published ${m.channel} template "${m.template}"`));
    const links = await d.links(m.workspaceId);
    let rendered: RenderedMessage;
    try {
      const input = renderInput(m, r, await d.workspaceName(m.workspaceId), links);
      rendered = await d.renderer.render(template.compiled, cacheKeyOf(template), input);
    } catch (error) {
      // The same input renders the same way again: no retry.
      return this.#finish(m, r, failed(`could not render: ${(error as Error).message}`));
    }
    const base: MessagePatch = { templateVersion: template.version, attempts: m.attempts + 1 };
    const now = () => d.clock.now();
    const { to, wireId, result } = await dispatch(d, m, rendered, address, settings, links, m.id);
    const patch: MessagePatch = { ...base, address: to, messageId: wireId };
    if ('captured' in result)
      return this.#finish(m, r, {
        status: 'sent',
        kind: 'sent',
        detail: 'kept in the capture inbox (no provider configured)',
        patch: { ...patch, sentAt: now(), providerId: `inbox:${result.captured}` },
      });
    if (result.ok)
      return this.#finish(m, r, {
        status: 'sent',
        kind: 'sent',
        detail: result.detail,
        patch: { ...patch, sentAt: now(), providerId: result.providerId, lastError: null },
      });
    if (result.permanent)
      return this.#finish(m, r, { ...failed(result.error), patch: { ...patch, lastError: result.error } });
    if (m.attempts + 1 >= SEND_ATTEMPTS)
      return this.#finish(m, r, {
        status: 'dead',
        kind: 'failed',
        detail: `gave up after ${SEND_ATTEMPTS} attempts: ${result.error}`,
        patch: { ...patch, lastError: result.error },
      });
    await d.messaging.write((w) =>
      w.update(m.workspaceId, m.id, { ...patch, lastError: result.error }, now()),
    );
    throw new TransientSendError(result.error);
  }

  #skip(m: OutboxMessage, r: Recipient | null, reason: SkipReason, detail: string): Promise<SendOutcome> {
    return this.#finish(m, r, {
      status: 'skipped',
      kind: 'skipped',
      detail,
      patch: { skipReason: reason, lastError: detail },
    });
  }

  /** The decision, its delivery event and the customer's track event, in one unit. */
  async #finish(m: OutboxMessage, r: Recipient | null, x: Decided): Promise<SendOutcome> {
    const d = this.#d;
    const now = d.clock.now();
    await d.write(async (unit) => {
      await unit.outbox.update(m.workspaceId, m.id, { ...x.patch, status: x.status }, now);
      await unit.outbox.addEvents([
        { workspaceId: m.workspaceId, messageId: m.id, kind: x.kind, at: now, detail: x.detail },
      ]);
      const event =
        r && deliveryEvent(m, r, x.kind, now, now, x.detail && x.kind !== 'sent' ? { reason: x.detail } : {});
      if (event) await d.track(unit, m.workspaceId, [event], now);
    });
    return undefined;
  }
}

const failed = (detail: string): Decided => ({
  status: 'failed',
  kind: 'failed',
  detail,
  patch: { lastError: detail },
});
