import { DAY, MINUTE } from '../../core/index.ts';
import type {
  Acquisition,
  AnalyticsStorage,
  CustomerTime,
  DetailedEventRow,
  MoveRow,
  PurchaseDay,
  SpendRow,
  StageCount,
  StoredFit,
  TimeRange,
} from '../analytics-store.ts';
import { type AnalyticsSettings, keyEvents, nonVisitEvents } from './settings.ts';
import {
  markSessions,
  mergeTimelines,
  type Sessions,
  sessionize,
  type Timeline,
  timeline,
  without,
} from './timeline.ts';

/** The reads KPIs are computed from; a catalog entry lists the ones it needs. */
export type InputName =
  | 'activeDays'
  | 'activity'
  | 'events'
  | 'details'
  | 'pageViews'
  | 'firstSeen'
  | 'firstPurchases'
  | 'firstLeads'
  | 'acquisitions'
  | 'spend'
  | 'moves'
  | 'stageCounts'
  | 'purchaseDays'
  | 'fit';

/** Where each read looks: the KPI range widened by the windows the requested KPIs look through. */
export type InputPlan = {
  range: TimeRange;
  activity: TimeRange;
  events: TimeRange;
  firstSeen: TimeRange;
  /** Per detailed-event name; [from, to) when not listed. */
  details: Map<string, TimeRange>;
};

/** Session flags set by `KpiInputs.sessions`. */
export const KEY_EVENT = 1;
export const PURCHASE = 2;

/** The storage methods each input method calls; what a KPI's `needs` must list to use it. */
export const INPUTS_USED: Record<string, readonly InputName[]> = {
  activeDays: ['activeDays'],
  activity: ['activity'],
  events: ['events'],
  details: ['details'],
  pageViews: ['pageViews'],
  firstSeen: ['firstSeen'],
  firstPurchases: ['firstPurchases'],
  firstLeads: ['firstLeads'],
  buyerChannels: ['firstPurchases', 'acquisitions'],
  visitorChannels: ['firstSeen', 'acquisitions'],
  spend: ['spend'],
  moves: ['moves'],
  stageCounts: ['stageCounts'],
  purchaseDays: ['purchaseDays'],
  fit: ['fit'],
  visits: ['activity', 'events'],
  sessions: ['activity', 'events'],
};

/**
 * The inputs of one `computeKpis` call, each read at most once (a memo of promises keyed by input, and
 * by event name for named and detailed events), and only when a KPI asks for it. Derived inputs
 * (visits, sessions) are memoized the same way, so KPIs computed side by side share them.
 */
export class KpiInputs {
  readonly #storage: AnalyticsStorage;
  readonly #workspaceId: number;
  readonly #settings: AnalyticsSettings;
  readonly plan: InputPlan;
  readonly #memo = new Map<string, Promise<unknown>>();

  constructor(storage: AnalyticsStorage, workspaceId: number, settings: AnalyticsSettings, plan: InputPlan) {
    this.#storage = storage;
    this.#workspaceId = workspaceId;
    this.#settings = settings;
    this.plan = plan;
  }

  #once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.#memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.#memo.set(key, p);
    }
    return p;
  }

  /**
   * The customers active on each UTC day touching the range (one row per customer and day), as a
   * timeline in (customer, day) order; a day that starts before the range is dated at its start.
   */
  activeDays(): Promise<Timeline> {
    return this.#once('activeDays', async () => {
      const { from, to } = this.plan.range;
      const days = { from: Math.floor(from / DAY), to: Math.floor((to - 1) / DAY) + 1 };
      const rows = await this.#storage.activePeriods(this.#workspaceId, 'day', days);
      return timeline(rows.map((r) => ({ c: r.c, t: Math.max(r.p * DAY, from) })));
    });
  }

  /** Every client event in the activity range (who and when). */
  activity(): Promise<CustomerTime[]> {
    return this.#once('activity', () => this.#storage.activity(this.#workspaceId, this.plan.activity));
  }

  /** Events with this name in the events range, in (customer, time) order, with their values. */
  events(name: string): Promise<Timeline> {
    return this.#once(`events:${name}`, async () =>
      timeline(await this.#storage.namedEvents(this.#workspaceId, [name], this.plan.events)),
    );
  }

  /** Events with this name and their properties, in their detailed range. */
  details(name: string): Promise<DetailedEventRow[]> {
    const range = this.plan.details.get(name) ?? this.plan.range;
    return this.#once(`details:${name}`, () =>
      this.#storage.detailedEvents(this.#workspaceId, { ...range, names: [name], properties: true }),
    );
  }

  pageViews(): Promise<{ day: number; views: number }[]> {
    return this.#once('pageViews', () => this.#storage.pageViewsByDay(this.#workspaceId, this.plan.range));
  }

  /** Customers first seen in the first-seen range. */
  firstSeen(): Promise<CustomerTime[]> {
    return this.#once('firstSeen', () => this.#storage.firstSeen(this.#workspaceId, this.plan.firstSeen));
  }

  /** New buyers: customers whose first purchase ever is in the range. */
  firstPurchases(): Promise<CustomerTime[]> {
    const { purchaseEvent } = this.#settings;
    return this.#once('firstPurchases', () =>
      this.#storage.firstOccurrences(this.#workspaceId, purchaseEvent, this.plan.range),
    );
  }

  /** New leads: customer → time of their first lead event, for first ones in the range (earliest name wins). */
  firstLeads(): Promise<Map<number, number>> {
    return this.#once('firstLeads', async () => {
      const leads = new Map<number, number>();
      for (const name of new Set(this.#settings.leadEvents)) {
        for (const r of await this.#storage.firstOccurrences(this.#workspaceId, name, this.plan.range)) {
          const t = leads.get(r.c);
          if (t === undefined || r.t < t) leads.set(r.c, r.t);
        }
      }
      return leads;
    });
  }

  /** First-touch channel and campaign of the new buyers (those with no marketing touch left out). */
  buyerChannels(): Promise<Acquisition[]> {
    return this.#once('buyerChannels', async () => {
      const buyers = (await this.firstPurchases()).map((r) => r.c);
      return this.#storage.acquisitions(this.#workspaceId, buyers);
    });
  }

  /** First-touch channel and campaign of the customers first seen in the range. */
  visitorChannels(): Promise<Acquisition[]> {
    return this.#once('visitorChannels', async () => {
      const { from, to } = this.plan.range;
      const seen = (await this.firstSeen()).filter((r) => r.t >= from && r.t < to).map((r) => r.c);
      return this.#storage.acquisitions(this.#workspaceId, seen);
    });
  }

  /** Spend of the days that overlap the range. */
  spend(): Promise<SpendRow[]> {
    const { from, to } = this.plan.range;
    return this.#once('spend', () =>
      this.#storage.spend(this.#workspaceId, { from: Math.floor(from / DAY) * DAY, to }),
    );
  }

  /** Stage moves from the start of the range on, up to the present (stage counts are of the present). */
  moves(): Promise<MoveRow[]> {
    const { from } = this.plan.range;
    return this.#once('moves', () =>
      this.#storage.moves(this.#workspaceId, { from, to: Number.MAX_SAFE_INTEGER }),
    );
  }

  stageCounts(): Promise<StageCount[]> {
    return this.#once('stageCounts', () => this.#storage.stageCounts(this.#workspaceId));
  }

  /** Purchases per customer and day before the end of the range, over the whole history. */
  purchaseDays(): Promise<PurchaseDay[]> {
    const { purchaseEvent } = this.#settings;
    return this.#once('purchaseDays', () =>
      this.#storage.purchaseDays(this.#workspaceId, purchaseEvent, this.plan.range.to),
    );
  }

  fit(): Promise<StoredFit | null> {
    return this.#once('fit', () => this.#storage.latestFit(this.#workspaceId));
  }

  /**
   * Visit events: activity without the non-visit events (matched on customer and time, since activity
   * carries no name), in (customer, time) order.
   */
  visits(): Promise<Timeline> {
    return this.#once('visits', async () => {
      const activity = timeline(await this.activity());
      const names = nonVisitEvents(this.#settings);
      const removed: Timeline[] = [];
      for (const name of names) removed.push(await this.events(name));
      return names.length > 0 ? without(activity, mergeTimelines(removed)) : activity;
    });
  }

  /** Sessions of the visits, flagged KEY_EVENT and PURCHASE when they hold one. */
  sessions(): Promise<Sessions> {
    return this.#once('sessions', async () => {
      const s = this.#settings;
      const sessions = sessionize(await this.visits(), s.sessionGapMinutes * MINUTE);
      for (const name of new Set(keyEvents(s))) markSessions(sessions, await this.events(name), KEY_EVENT);
      markSessions(sessions, await this.events(s.purchaseEvent), PURCHASE);
      return sessions;
    });
  }
}

/** A view of the inputs that refuses the ones a KPI did not declare, so that catalogs cannot drift. */
export function scopedInputs(inputs: KpiInputs, needs: readonly InputName[], kpi: string): KpiInputs {
  return new Proxy(inputs, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const used = INPUTS_USED[String(prop)];
      const missing = used?.find((name) => !needs.includes(name));
      if (missing) throw new Error(`KPI ${kpi} reads ${missing} but its catalog entry does not list it`);
      return value.bind(target);
    },
  });
}
