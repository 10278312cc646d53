import type { SpendRow } from '../analytics/index.ts';
import { DAY } from '../core/index.ts';
import { campaignRuns, FIRST_NAMES, LAST_NAMES, spreadArrivals } from './arrivals.ts';
import { nextVisit, returnFromLapse } from './customer-states.ts';
import type { Business, Campaign, SimCustomer, Touch } from './model.ts';
import { Rng, seedOf } from './rng.ts';
import { DaySession, type TimedMessage } from './session.ts';

export type SimulationOptions = {
  /** People who arrive over the history (visitors, most of whom never buy). */
  customers: number;
  months: number;
  seed: string | number;
  /** The present: the history covers the whole days before the UTC day `now` falls in. */
  now: number;
  /** Start of every messageId; defaults to one derived from the seed. */
  idPrefix?: string;
};

/** One simulated day: its messages in time order and the ad spend of that day. */
export type DemoDay = {
  day: number;
  start: number;
  /** People who came for the first time that day. */
  arrivals: number;
  messages: Record<string, unknown>[];
  spend: SpendRow[];
};

type Task = { c: number; kind: string; generation?: number; touch?: Touch };

/**
 * The demo's simulation: pure and deterministic (the same options give the same messages, messageIds
 * included), and streaming: it walks day by day, keeping each person's small state and an agenda of the
 * sessions and follow-ups to come, so memory grows with the number of people, not with the history.
 * @example for (const day of new Simulation(apparelStore, { customers: 500, months: 18, seed: 1, now }).days()) …
 */
export class Simulation {
  readonly business: Business;
  readonly firstDay: number;
  /** The day after the history: today. */
  readonly endDay: number;
  readonly customers: SimCustomer[] = [];
  readonly #rng: Rng;
  readonly #arrivals: number[];
  readonly #agenda = new Map<number, Task[]>();
  readonly #idPrefix: string;
  readonly #seed: number;

  constructor(business: Business, o: SimulationOptions) {
    this.business = business;
    this.#seed = seedOf(o.seed);
    this.#rng = new Rng(this.#seed);
    this.#idPrefix = o.idPrefix ?? `demo-${this.#seed.toString(36)}-`;
    this.endDay = Math.floor(o.now / DAY);
    this.firstDay = this.endDay - Math.round(o.months * 30.44);
    this.#arrivals = spreadArrivals(business, this.firstDay, this.endDay, o.customers);
  }

  /** The history's days, oldest first. */
  *days(): Generator<DemoDay> {
    for (let day = this.firstDay; day < this.endDay; day++) yield this.runDay(day);
  }

  /** Simulates one day: that day's arrivals (after the history, at the recent average rate) and agenda. */
  runDay(day: number): DemoDay {
    const date = new Date(day * DAY);
    const season = this.business.season(date);
    const scheduler = {
      followUp: (c: SimCustomer, at: number, kind: string) => this.#schedule(at, { c: c.index, kind }),
      session: (c: SimCustomer, at: number, touch: Touch) => {
        c.generation++;
        this.#schedule(at, { c: c.index, kind: 'session', generation: c.generation, touch });
      },
    };
    const s = new DaySession(this.business, {
      rng: this.#rng,
      day,
      season,
      idPrefix: this.#idPrefix,
      scheduler,
    });
    const spend = new Map<string, SpendRow>();
    const index = day - this.firstDay;
    const recent = this.#arrivals.slice(-28).reduce((a, b) => a + b, 0) / 28;
    const arriving =
      index < this.#arrivals.length
        ? this.#arrivals[index]!
        : Math.round(recent * season * this.#rng.spread(0.2));
    for (let k = 0; k < arriving; k++) {
      const c = this.#arrive(date);
      this.#pay(spend, day, c.campaign, c.channel.key);
      this.#session(s, c, c.campaign);
    }
    const tasks = this.#agenda.get(day) ?? [];
    this.#agenda.delete(day);
    for (const task of tasks) {
      const c = this.customers[task.c]!;
      if (task.kind !== 'session') {
        s.begin();
        this.business.followUp(s, c, task.kind);
      } else if (task.generation === c.generation && c.state !== 'gone') {
        this.#session(s, c, task.touch);
      }
    }
    s.messages.sort((a: TimedMessage, b: TimedMessage) => a.at - b.at);
    return {
      day,
      start: day * DAY,
      arrivals: arriving,
      messages: s.messages.map((m) => m.message),
      spend: [...spend.values()],
    };
  }

  #schedule(day: number, task: Task): void {
    const list = this.#agenda.get(day);
    if (list) list.push(task);
    else this.#agenda.set(day, [task]);
  }

  #arrive(date: Date): SimCustomer {
    const rng = this.#rng;
    const channel = rng.weighted(this.business.channels, (ch) => ch.share);
    const month = date.getUTCMonth() + 1;
    const dom = date.getUTCDate();
    const running = channel.campaigns.filter((c) => campaignRuns(c, month, dom));
    const campaign = rng.weighted(running.length ? running : channel.campaigns, (c) => c.weight);
    const index = this.customers.length;
    const c: SimCustomer = {
      index,
      anonymousId: `anon-${this.#seed.toString(36)}-${index.toString(36)}`,
      userId: null,
      email: `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}${index}@example.com`,
      state: 'visitor',
      lapsedFrom: null,
      channel,
      campaign,
      engagement: rng.spread(0.7),
      value: 0.8 * rng.spread(0.35) * channel.value,
      satisfaction: Math.min(1, Math.max(0, 0.62 + 0.22 * rng.normal())),
      orders: 0,
      sessions: 0,
      reactivations: 0,
      seq: 0,
      generation: 0,
      flags: {},
    };
    this.customers.push(c);
    return c;
  }

  /** Books the cost of a paid visit on its day, channel and campaign. */
  #pay(spend: Map<string, SpendRow>, day: number, campaign: Campaign, channel: string): void {
    if (campaign.costPerVisit <= 0 || !campaign.campaign) return;
    const key = `${channel}\u0000${campaign.campaign.name}`;
    let row = spend.get(key);
    if (!row) {
      row = {
        day: day * DAY,
        channel,
        campaign: campaign.campaign.name,
        amount: 0,
        impressions: 0,
        clicks: 0,
      };
      spend.set(key, row);
    }
    const clicks = this.#rng.int(1, 2);
    row.amount = Math.round((row.amount + campaign.costPerVisit * this.#rng.spread(0.3)) * 100) / 100;
    row.clicks = (row.clicks ?? 0) + clicks;
    row.impressions = (row.impressions ?? 0) + clicks * this.#rng.int(40, 140);
  }

  #session(s: DaySession, c: SimCustomer, touch: Touch | undefined): void {
    const winBack = returnFromLapse(c);
    c.sessions++;
    s.begin();
    const booked = c.generation;
    this.business.session(s, c, winBack ? this.business.winBackTouch : touch);
    // The session booked its own next visit (a reminder that worked): that one stands.
    if (c.generation !== booked) return;
    const next = nextVisit(c, this.business, this.#rng, s.season);
    if (next === null || next.winBack) this.business.onLapse?.(s, c);
    if (next === null) return;
    const returning = next.winBack ? this.business.winBackTouch : this.business.returnTouch(this.#rng, c);
    c.generation++;
    this.#schedule(s.day + next.days, {
      c: c.index,
      kind: 'session',
      generation: c.generation,
      touch: returning,
    });
  }
}
