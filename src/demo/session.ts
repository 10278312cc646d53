import { DAY, HOUR } from '../core/index.ts';
import { afterOrder, afterSignUp } from './customer-states.ts';
import type { Business, SessionApi, SimCustomer, Touch } from './model.ts';
import type { Rng } from './rng.ts';

/** A Segment message as an SDK would send it, with its time in ms beside it for ordering. */
export type TimedMessage = { at: number; message: Record<string, unknown> };

/** What a session or follow-up asks the simulation for: later work on the agenda. */
export type Scheduler = {
  followUp(c: SimCustomer, day: number, kind: string): void;
  session(c: SimCustomer, day: number, touch: Touch): void;
};

/**
 * The `SessionApi` for one day: builds each message the way analytics.js or a server SDK would
 * (messageId, anonymousId, userId once known, ISO timestamp, context) and collects them for the day.
 */
export class DaySession implements SessionApi {
  readonly rng: Rng;
  readonly day: number;
  readonly season: number;
  readonly messages: TimedMessage[] = [];
  readonly #business: Business;
  readonly #idPrefix: string;
  readonly #scheduler: Scheduler;
  #at = 0;

  constructor(
    business: Business,
    o: { rng: Rng; day: number; season: number; idPrefix: string; scheduler: Scheduler },
  ) {
    this.#business = business;
    this.rng = o.rng;
    this.day = o.day;
    this.season = o.season;
    this.#idPrefix = o.idPrefix;
    this.#scheduler = o.scheduler;
  }

  /** Starts a session or follow-up at a time of day people are online (more in the evening). */
  begin(): void {
    const hour = this.rng.weighted(HOURS, (h) => HOUR_WEIGHT[h]!);
    this.#at = this.day * DAY + hour * HOUR + this.rng.int(0, 3_599) * 1000;
  }

  wait(seconds: number): void {
    this.#at += Math.round(seconds * 1000);
  }

  #emit(c: SimCustomer, fields: Record<string, unknown>): void {
    const message: Record<string, unknown> = {
      messageId: `${this.#idPrefix}${c.index.toString(36)}-${(c.seq++).toString(36)}`,
      anonymousId: c.anonymousId,
      ...(c.userId ? { userId: c.userId } : {}),
      timestamp: new Date(this.#at).toISOString(),
      ...fields,
    };
    this.messages.push({ at: this.#at, message });
    this.wait(this.rng.int(8, 75));
  }

  track(c: SimCustomer, event: string, properties: Record<string, unknown> = {}, context?: object): void {
    this.#emit(c, { type: 'track', event, properties, ...(context ? { context } : {}) });
  }

  page(c: SimCustomer, path: string, touch?: Touch): void {
    const query = touch?.campaign
      ? `?utm_source=${touch.campaign.source}&utm_medium=${touch.campaign.medium}&utm_campaign=${touch.campaign.name}`
      : '';
    const page = { path, url: `${this.#business.site}${path}${query}`, referrer: touch?.referrer ?? '' };
    const context: Record<string, unknown> = { page };
    if (touch?.campaign) context.campaign = touch.campaign;
    this.#emit(c, { type: 'page', name: path, properties: page, context });
  }

  identify(c: SimCustomer, traits: Record<string, unknown>): void {
    this.#emit(c, { type: 'identify', traits });
  }

  signUp(c: SimCustomer): void {
    c.userId ??= `cust-${String(c.index + 1).padStart(6, '0')}`;
    afterSignUp(c);
  }

  ordered(c: SimCustomer): void {
    afterOrder(c, this.#business.rates);
  }

  later(c: SimCustomer, days: number, kind: string): void {
    this.#scheduler.followUp(c, this.day + Math.max(1, Math.round(days)), kind);
  }

  comeBackIn(c: SimCustomer, days: number, touch: Touch): void {
    this.#scheduler.session(c, this.day + Math.max(1, Math.round(days)), touch);
  }
}

const HOURS = Array.from({ length: 17 }, (_, i) => i + 6);
/** Share of sessions by UTC hour 6..22: a morning bump, a lunch bump, the evening peak. */
const HOUR_WEIGHT: Record<number, number> = Object.fromEntries(
  HOURS.map((h) => [h, h >= 19 ? 3 : h >= 12 && h <= 13 ? 2 : h <= 8 ? 1 : 1.5]),
);
