import type { AnalyticsSettingsOverrides } from '../analytics/index.ts';
import type { Rng } from './rng.ts';

/** How a visit was reached: tagged links carry utm tags; search results and social posts a referrer. */
export type Touch = {
  campaign?: { source: string; medium: string; name: string };
  referrer?: string;
};

/** One way in within a channel: an ad campaign, a tagged link or an untagged source. */
export type Campaign = Touch & {
  weight: number;
  /**
   * Paid media: what bringing one person costs, i.e. all the clicks (× CPC) it takes before one of them
   * lands as a new visitor, so that CAC comes out where shops see it. 0 for unpaid touches.
   */
  costPerVisit: number;
  /** Calendar window it runs in, as [month, day, month, day] (both days included); always when absent. */
  runs?: readonly [number, number, number, number];
};

/**
 * An acquisition channel. `key` is the channel Loopline's default touchpoint rules give its touches, so
 * that spend rows and first-touch channels meet in CAC and ROAS. The multipliers (1 = average) are what
 * makes channels differ: intent scales the chance to add to cart, sign up and buy; loyalty divides the
 * lapse hazard; value scales order values.
 */
export type Channel = {
  key: string;
  share: number;
  campaigns: readonly Campaign[];
  intent: number;
  loyalty: number;
  value: number;
};

/** Hidden behavioural states of the customer-state model (see customer-states.ts). */
export type CustomerState = 'visitor' | 'lead' | 'customer' | 'repeat' | 'loyal' | 'lapsed' | 'gone';
export type ActiveState = Exclude<CustomerState, 'lapsed' | 'gone'>;

/** A simulated person. Only what the model needs between their sessions is kept. */
export type SimCustomer = {
  index: number;
  anonymousId: string;
  userId: string | null;
  email: string;
  state: CustomerState;
  /** The state a lapsed customer returns to when reactivated. */
  lapsedFrom: ActiveState | null;
  channel: Channel;
  campaign: Campaign;
  /** Log-normal, median 1: how often they come and how likely they stay. */
  engagement: number;
  /** Log-normal, median 1: how much they spend per order. */
  value: number;
  /** 0..1: how happy they are with the brand; drives reviews, NPS, referrals and tickets. */
  satisfaction: number;
  orders: number;
  sessions: number;
  reactivations: number;
  /** Messages sent so far: the sequence part of their deterministic messageIds. */
  seq: number;
  /** Bumped when a session is rescheduled, so the older agenda entry is skipped. */
  generation: number;
  /** Business-specific flags (a subscription, a cart left behind...). */
  flags: Record<string, number | string | boolean>;
};

/** Gap and lapse hazard of one active state. */
export type StateRate = {
  /** Mean days between sessions at median engagement and average season. */
  gapDays: number;
  /** Chance after each session of dropping out: a lapse (maybe reactivated later) or gone for good. */
  lapse: number;
};

export type StateRates = Record<ActiveState, StateRate> & {
  /** Of those who lapse, the share who come back some day (a win-back email, a new need), by state kind. */
  comeBack: { buyer: number; other: number };
  /** A lapse lasts at least this long (so the lifecycle sees at risk / churned) plus an exponential part. */
  dormantMinDays: number;
  dormantMeanDays: number;
  /** Orders that make a customer loyal. */
  loyalOrders: number;
};

/** What a business script can do while a session or a follow-up runs. */
export type SessionApi = {
  rng: Rng;
  /** Demand multiplier of the day (seasonality and campaigns). */
  season: number;
  /** UTC day number (days since the epoch) of the session. */
  day: number;
  track(c: SimCustomer, event: string, properties?: Record<string, unknown>, context?: object): void;
  page(c: SimCustomer, path: string, touch?: Touch): void;
  identify(c: SimCustomer, traits: Record<string, unknown>): void;
  /** Lets time pass within the session. */
  wait(seconds: number): void;
  signUp(c: SimCustomer): void;
  ordered(c: SimCustomer): void;
  /** Runs `followUp(kind)` for this customer in `days` days (fractions land later that day). */
  later(c: SimCustomer, days: number, kind: string): void;
  /** Brings the customer's next session forward to `days` from now (an email that worked). */
  comeBackIn(c: SimCustomer, days: number, touch: Touch): void;
};

/** A simulated business: who comes, from where, when, and what they do in a session. */
export type Business = {
  key: string;
  title: string;
  /** Base URL of pages. */
  site: string;
  channels: readonly Channel[];
  /**
   * The workspace's analytics settings, where the business's event names differ from the defaults
   * (back-office events that are not visits, what activation means).
   */
  analytics: AnalyticsSettingsOverrides;
  /** The funnel the demo summary shows, as event names. */
  funnel: readonly string[];
  rates: StateRates;
  /** Demand multiplier of a calendar day, 1 on average: seasons, sales, weekdays. */
  season(date: Date): number;
  /** How an active customer's next visit arrives (newsletter, retargeting, direct...). */
  returnTouch(rng: Rng, c: SimCustomer): Touch;
  /** The win-back touch that brings a lapsed customer back. */
  winBackTouch: Touch;
  /** One session: the events it emits and the state changes it causes. */
  session(s: SessionApi, c: SimCustomer, touch: Touch | undefined): void;
  followUp(s: SessionApi, c: SimCustomer, kind: string): void;
  /** Called once when a customer drops out (a cancelled subscription...). */
  onLapse?(s: SessionApi, c: SimCustomer): void;
};
