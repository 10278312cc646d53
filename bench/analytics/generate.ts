/**
 * The data of bench/analytics: an online shop over the 18 months before NOW, generated in memory once
 * (seeded, deterministic) and then written to each store. Customers arrive from an acquisition channel,
 * visit in sessions (landing page, pages, product views, sometimes a cart, a checkout and an order), some
 * come back, many stop after a few months, a few return after lapsing. Each event gets the channel,
 * touchpoint, campaign and value ingest would give it (the touchpoint classifier runs once per kind of
 * message). The lifecycle state follows the behaviour under the clm-5 preset's stages, decided here
 * directly (the engine is benchmarked in bench/lifecycle): the moves, each event's stage, every
 * customer's current stage, and the Stage Entered/Exited events the engine writes for each move.
 */

import { DAY, HOUR, SECOND } from '../../src/core/index.ts';
import { loadPreset } from '../../src/lifecycle/index.ts';
import { compileTouchpointRules } from '../../src/touchpoints/index.ts';
import { random } from '../lifecycle/generate.ts';

export const NOW = Date.parse('2026-06-01T00:00:00Z');
/** 18 months. */
export const SPAN = 546 * DAY;
const T0 = NOW - SPAN;

/** Event kinds, the index into KIND_NAMES. */
export const PAGE = 0;
export const VIEWED = 1;
export const ADDED = 2;
export const CHECKOUT = 3;
export const ORDER = 4;
export const SIGNED_UP = 5;
export const SURVEY = 6;
export const TICKET_CREATED = 7;
export const TICKET_RESOLVED = 8;
export const REFERRAL = 9;
export const REVIEW = 10;
export const STAGE_EXITED = 11;
export const STAGE_ENTERED = 12;
export const KIND_NAMES: (string | null)[] = [
  null,
  'Product Viewed',
  'Product Added',
  'Checkout Started',
  'Order Completed',
  'Signed Up',
  'Survey Responded',
  'Ticket Created',
  'Ticket Resolved',
  'Referral Sent',
  'Product Reviewed',
  'Stage Exited',
  'Stage Entered',
];

/** Where a visit came from: utm tags and referrer as analytics.js sends them. */
type Source = {
  key: string;
  query: string;
  referrer: string | null;
  campaign: { name: string; source: string; medium: string } | null;
};

const SHOP = 'https://shop.example';

function source(
  key: string,
  referrer: string | null,
  utm?: [src: string, medium: string, name: string],
): Source {
  return {
    key,
    query: utm ? `?utm_source=${utm[0]}&utm_medium=${utm[1]}&utm_campaign=${utm[2]}` : '',
    referrer,
    campaign: utm ? { name: utm[2], source: utm[0], medium: utm[1] } : null,
  };
}

const GOOGLE = 'https://www.google.com/';
/** First visits: the acquisition channel drawn per customer, with its campaigns and weights. */
const ACQUISITION: [Source, number][] = [
  [source('search-brand', GOOGLE, ['google', 'cpc', 'search-brand']), 8],
  [source('search-generic', GOOGLE, ['google', 'cpc', 'search-generic']), 12],
  [
    source('social-prospecting', 'https://www.facebook.com/', [
      'facebook',
      'paid_social',
      'social-prospecting',
    ]),
    10,
  ],
  [
    source('social-lookalike', 'https://www.instagram.com/', [
      'instagram',
      'paid_social',
      'social-lookalike',
    ]),
    5,
  ],
  [source('organic', GOOGLE), 25],
  [source('partner-newsletter', null, ['partner', 'email', 'partner-newsletter']), 10],
  [source('referral', 'https://blog.example.org/best-gifts'), 10],
  [source('direct', null), 20],
];
/** Paid campaigns, which have spend: cost per acquired customer, or per retargeted visit. */
const PAID: Record<string, { channel: string; cpa: number; cpm: number; ctr: number }> = {
  'search-brand': { channel: 'paid_search', cpa: 12, cpm: 20, ctr: 0.06 },
  'search-generic': { channel: 'paid_search', cpa: 38, cpm: 12, ctr: 0.025 },
  'social-prospecting': { channel: 'paid_social', cpa: 30, cpm: 8, ctr: 0.012 },
  'social-lookalike': { channel: 'paid_social', cpa: 26, cpm: 9, ctr: 0.014 },
  'social-retargeting': { channel: 'paid_social', cpa: 4, cpm: 10, ctr: 0.02 },
};
const RETARGETING = source('social-retargeting', 'https://www.facebook.com/', [
  'facebook',
  'paid_social',
  'social-retargeting',
]);
const DIRECT = ACQUISITION[7]![0];
const ORGANIC = ACQUISITION[4]![0];
const BRAND = ACQUISITION[0]![0];
/** Navigation within the shop: the referrer is the shop itself. */
const WEB = source('web', `${SHOP}/`);
/** Server-side events (the help desk): no page at all. */
const SERVER = source('server', null);

/** Monthly newsletters bring customers back; each month's issue is a campaign of its own. */
function newsletter(t: number): Source {
  const month = new Date(t).toISOString().slice(0, 7);
  return source(`newsletter-${month}`, null, ['newsletter', 'email', `newsletter-${month}`]);
}

type PathKind = 'home' | 'product' | 'blog' | 'cart' | 'checkout';
const PATHS: PathKind[] = ['home', 'product', 'blog', 'cart', 'checkout'];
function pathOf(kind: PathKind, n: number): string {
  switch (kind) {
    case 'home':
      return '/';
    case 'product':
      return `/products/p${n}`;
    case 'blog':
      return `/blog/post-${n % 50}`;
    case 'cart':
      return '/cart';
    case 'checkout':
      return '/checkout';
  }
}

/**
 * One kind of message: its type and name, where it came from and its page; what the classifier gives it.
 * Every event of a template has the same channel, touchpoint and campaign.
 */
export type Template = {
  type: 'page' | 'track';
  kind: number;
  source: Source;
  path: PathKind | null;
  channel: string;
  touchpoint: string;
  campaign: string | null;
};

/** The channel, touchpoint and campaign of each template, classified once as ingest classifies messages. */
class Templates {
  readonly list: Template[] = [];
  readonly #index = new Map<string, number>();
  readonly #classify = compileTouchpointRules(undefined).classify;

  id(kind: number, src: Source, path: PathKind | null): number {
    const key = `${kind}|${src.key}|${path}`;
    let id = this.#index.get(key);
    if (id === undefined) {
      id = this.list.length;
      const type = kind === PAGE ? 'page' : 'track';
      // Loopline's own events get what the engine writes on them (see appendInternalEvents).
      const t =
        kind === STAGE_ENTERED || kind === STAGE_EXITED
          ? { channel: 'internal', touchpoint: KIND_NAMES[kind]!.toLowerCase().replace(/ /g, '_') }
          : this.#classify({
              type,
              name: KIND_NAMES[kind]!,
              payload: JSON.parse(payloadOf(kind, src, path, 1, 1, 1)),
            });
      this.list.push({
        type,
        kind,
        source: src,
        path,
        channel: t.channel,
        touchpoint: t.touchpoint,
        campaign: 'campaign' in t && t.campaign !== undefined ? t.campaign : null,
      });
      this.#index.set(key, id);
    }
    return id;
  }
}

/** The Segment payload of a client event (`n`: product, order amount, score, rating or ticket number). */
export function payloadOf(
  kind: number,
  src: Source,
  path: PathKind | null,
  n: number,
  id: number,
  c: number,
): string {
  let properties: string;
  switch (kind) {
    case PAGE:
      properties = `{"path":"${pathOf(path!, n)}","title":"Shop"}`;
      break;
    case VIEWED:
    case ADDED:
      properties = `{"product_id":"p${n}","price":${10 + (n % 90)},"quantity":1}`;
      break;
    case CHECKOUT:
      properties = `{"cart_id":"k${c}","products":1}`;
      break;
    case ORDER:
      properties = `{"order_id":"o${id}","revenue":${n},"currency":"USD"}`;
      break;
    case SIGNED_UP:
      properties = '{"method":"email"}';
      break;
    case SURVEY:
      properties = `{"score":${n},"survey":"nps"}`;
      break;
    case TICKET_CREATED:
    case TICKET_RESOLVED:
      properties = `{"ticket_id":"t${n}"}`;
      break;
    case REFERRAL:
      properties = '{"method":"link"}';
      break;
    case REVIEW:
      properties = `{"product_id":"p${c % 2000}","rating":${n}}`;
      break;
    default:
      throw new Error(`no client payload for kind ${kind}`);
  }
  if (src.key === 'server') return `{"properties":${properties}}`;
  const page = path ?? 'product';
  const url = `${SHOP}${pathOf(page, n)}${src.query}`;
  const referrer = src.referrer === null ? '' : `,"referrer":"${src.referrer}"`;
  const campaign = src.campaign
    ? `,"campaign":{"name":"${src.campaign.name}","source":"${src.campaign.source}","medium":"${src.campaign.medium}"}`
    : '';
  return `{"properties":${properties},"context":{"page":{"url":"${url}"${referrer}},"library":{"name":"analytics.js","version":"2.11.1"}${campaign}}}`;
}

/** A growable column of numbers. */
class Column<A extends Float64Array | Int32Array | Int16Array | Uint8Array | Int8Array> {
  data: A;
  length = 0;
  readonly #make: (n: number) => A;

  constructor(make: (n: number) => A, capacity: number) {
    this.#make = make;
    this.data = make(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.#make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** The stage keys of clm-5 this generator decides between, read from the preset. */
export type Stages = {
  /** Every stage key; stage codes index into it. */
  keys: string[];
  lifecycle: string[];
  lapse: string[];
};

function clmStages(): Stages & {
  awareness: number;
  acquisition: number;
  conversion: number;
  retention: number;
  advocacy: number;
  atRisk: number;
  churned: number;
  reactivated: number;
} {
  const model = loadPreset('clm-5');
  const keys = model.stages.map((s) => s.key);
  const at = (key: string, kind: string) => {
    const i = model.stages.findIndex((s) => s.key === key && s.kind === kind);
    if (i < 0)
      throw new Error(`clm-5 has no ${kind} stage ${key}: bench/analytics/generate.ts needs updating`);
    return i;
  };
  return {
    keys,
    lifecycle: model.stages.filter((s) => s.kind === 'lifecycle').map((s) => s.key),
    lapse: model.stages.filter((s) => s.kind === 'lapse').map((s) => s.key),
    awareness: at('awareness', 'lifecycle'),
    acquisition: at('acquisition', 'lifecycle'),
    conversion: at('conversion', 'lifecycle'),
    retention: at('retention', 'lifecycle'),
    advocacy: at('advocacy', 'lifecycle'),
    atRisk: at('at_risk', 'lapse'),
    churned: at('churned', 'lapse'),
    reactivated: at('reactivated', 'reactivation'),
  };
}

export type Dataset = {
  customers: number;
  stages: Stages;
  templates: Template[];
  /** Events by generation index; `order` lists them by time (the order they are written, ids 1..n). */
  events: {
    count: number;
    clientCount: number;
    t: Float64Array;
    c: Int32Array;
    template: Int16Array;
    /** Product number, order amount, score, rating, ticket number; the move index of internal events. */
    n: Float64Array;
    /** The stage code the customer was in at the event, -1 for none (internal events). */
    stage: Int8Array;
    order: Int32Array;
    /** The id (1-based rank in time order) of each event by generation index. */
    id: Int32Array;
  };
  moves: {
    count: number;
    c: Int32Array;
    at: Float64Array;
    from: Int8Array;
    to: Int8Array;
    /** 0: event, 1: time. */
    cause: Uint8Array;
    /** Generation index of the event that caused it, -1 for time. */
    event: Int32Array;
    /** By time: the order they are written, ids 1..n. */
    order: Int32Array;
    id: Int32Array;
  };
  customer: {
    firstSeen: Float64Array;
    lastSeen: Float64Array;
    email: Uint8Array;
    stage: Int8Array;
    since: Float64Array;
  };
  spend: {
    day: number;
    channel: string;
    campaign: string;
    amount: number;
    impressions: number;
    clicks: number;
  }[];
  seconds: number;
};

/** Events per visit on average, measured at 20,000 customers; sets visits from the event budget. */
const EVENTS_PER_VISIT = 4.0;
/** Share of customers who never come back. */
const ONE_VISIT = 0.33;

/**
 * Generates `customers` customers and about `events` client events, the lifecycle state they lead to,
 * and the marketing spend behind the paid channels.
 */
export function generate(customers: number, events: number): Dataset {
  const started = performance.now();
  const rand = random(20260601);
  const templates = new Templates();
  const st = clmStages();
  const estimate = Math.ceil(events * 1.6);
  const E = {
    t: new Column((n) => new Float64Array(n), estimate),
    c: new Column((n) => new Int32Array(n), estimate),
    template: new Column((n) => new Int16Array(n), estimate),
    n: new Column((n) => new Float64Array(n), estimate),
    stage: new Column((n) => new Int8Array(n), estimate),
  };
  const moveEstimate = customers * 4;
  const M = {
    c: new Column((n) => new Int32Array(n), moveEstimate),
    at: new Column((n) => new Float64Array(n), moveEstimate),
    from: new Column((n) => new Int8Array(n), moveEstimate),
    to: new Column((n) => new Int8Array(n), moveEstimate),
    cause: new Column((n) => new Uint8Array(n), moveEstimate),
    event: new Column((n) => new Int32Array(n), moveEstimate),
  };
  const customer = {
    firstSeen: new Float64Array(customers + 1),
    lastSeen: new Float64Array(customers + 1),
    email: new Uint8Array(customers + 1),
    stage: new Int8Array(customers + 1),
    since: new Float64Array(customers + 1),
  };
  /** Acquisitions (or retargeted visits) per day and paid campaign, for the spend. */
  const paidDays = new Map<string, number>();
  const countPaid = (src: Source, t: number) => {
    if (!PAID[src.key]) return;
    const key = `${Math.floor(t / DAY) * DAY}|${src.key}`;
    paidDays.set(key, (paidDays.get(key) ?? 0) + 1);
  };
  const acquisitionWeight = ACQUISITION.reduce((s, [, w]) => s + w, 0);
  // One-visit customers leave their budget unspent: the others' budget makes up for it.
  const perReturning = Math.max(1, (events / customers - ONE_VISIT * EVENTS_PER_VISIT) / (1 - ONE_VISIT));
  let ticket = 0;

  // One customer's events before sorting: time, template, number.
  const MAX = 1 << 16;
  const bt = new Float64Array(MAX);
  const btpl = new Int16Array(MAX);
  const bn = new Float64Array(MAX);
  const bk = new Uint8Array(MAX);
  const idx = new Int32Array(MAX);
  let size = 0;
  const push = (t: number, kind: number, src: Source, path: PathKind | null, n: number) => {
    if (t >= NOW || size >= MAX) return;
    bt[size] = Math.floor(t);
    btpl[size] = templates.id(kind, src, path);
    bn[size] = n;
    bk[size] = kind;
    size++;
  };
  const exp = (mean: number) => -Math.log(1 - rand()) * mean;
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);

  for (let c = 1; c <= customers; c++) {
    size = 0;
    const first = T0 + Math.floor(rand() * (SPAN - HOUR));
    let r = rand() * acquisitionWeight;
    let acquisition = ACQUISITION[0]![0];
    for (const [src, w] of ACQUISITION) {
      r -= w;
      if (r < 0) {
        acquisition = src;
        break;
      }
    }
    countPaid(acquisition, first);
    // A third never come back; the others stay active for a while (many for a few months only).
    const oneVisit = rand() < ONE_VISIT;
    const end = Math.min(NOW, first + exp(130 * DAY));
    const budget = Math.max(1, Math.round(exp(perReturning)));
    const visits = oneVisit ? 1 : Math.max(1, Math.round(budget / EVENTS_PER_VISIT));
    const times = [first];
    for (let v = 1; v < visits; v++) times.push(first + Math.floor(rand() * (end - first)));
    // Some lapsed customers come back months later: reactivation.
    if (!oneVisit && rand() < 0.18) {
      let t = end + between(95, 300) * DAY;
      const again = 1 + Math.floor(exp(2));
      for (let v = 0; v < again && t < NOW; v++, t += exp(20 * DAY)) times.push(Math.floor(t));
    }
    times.sort((a, b) => a - b);
    let signedUp = false;
    let buyer = false;
    for (let v = 0; v < times.length; v++) {
      let t = times[v]!;
      const isFirst = v === 0;
      let landing: Source;
      if (isFirst) landing = acquisition;
      else {
        const x = rand();
        landing =
          x < 0.5 ? DIRECT : x < 0.7 ? newsletter(t) : x < 0.8 ? RETARGETING : x < 0.95 ? ORGANIC : BRAND;
        countPaid(landing, t);
      }
      const product = Math.floor(rand() * 2000);
      const landingPath: PathKind =
        landing.campaign !== null ? 'product' : landing === ORGANIC ? 'blog' : 'home';
      push(t, PAGE, landing, landingPath, product);
      if (isFirst && rand() < 0.25) {
        t += between(20, 120) * SECOND;
        push(t, SIGNED_UP, WEB, null, 0);
        signedUp = true;
      }
      const pages = Math.floor(exp(1.2));
      for (let k = 0; k < pages; k++) {
        t += between(10, 120) * SECOND;
        push(t, PAGE, WEB, PATHS[Math.floor(rand() * 3)]!, Math.floor(rand() * 2000));
      }
      const views = Math.floor(exp(1.7));
      let viewed = product;
      for (let k = 0; k < views; k++) {
        t += between(10, 180) * SECOND;
        viewed = Math.floor(rand() * 2000);
        push(t, VIEWED, WEB, 'product', viewed);
      }
      if (views > 0 && rand() < 0.4) {
        t += between(20, 300) * SECOND;
        push(t, ADDED, WEB, 'product', viewed);
        if (rand() < 0.7) {
          if (!signedUp) {
            t += between(30, 120) * SECOND;
            push(t, SIGNED_UP, WEB, 'checkout', 0);
            signedUp = true;
          }
          t += between(20, 300) * SECOND;
          push(t, CHECKOUT, WEB, 'cart', viewed);
          if (rand() < 0.78) {
            t += between(60, 600) * SECOND;
            const revenue = Math.round(between(10, 200) * 100) / 100;
            push(t, ORDER, WEB, 'checkout', revenue);
            buyer = true;
            if (rand() < 0.2) push(t + between(1, 3) * DAY, SURVEY, WEB, 'home', surveyScore(rand()));
            if (rand() < 0.15) push(t + between(3, 10) * DAY, REVIEW, WEB, 'product', reviewRating(rand()));
            if (rand() < 0.06) {
              const created = t + between(1, 7) * DAY;
              const id = ++ticket;
              push(created, TICKET_CREATED, SERVER, null, id);
              if (rand() < 0.9) push(created + between(2, 72) * HOUR, TICKET_RESOLVED, SERVER, null, id);
            }
          }
        }
      }
      if (buyer && rand() < 0.05) push(t + between(30, 300) * SECOND, REFERRAL, WEB, 'home', 0);
    }

    // In time order, then the lifecycle decided along it.
    for (let i = 0; i < size; i++) idx[i] = i;
    const order = idx.subarray(0, size).sort((a, b) => bt[a]! - bt[b]! || a - b);
    const base = E.t.length;
    for (let k = 0; k < size; k++) {
      const i = order[k]!;
      E.t.push(bt[i]!);
      E.c.push(c);
      E.template.push(btpl[i]!);
      E.n.push(bn[i]!);
      E.stage.push(-1);
    }
    const lc = decideLifecycle(st, c, base, size, E, bk, order, M);
    customer.firstSeen[c] = E.t.data[base]!;
    customer.lastSeen[c] = E.t.data[base + size - 1]!;
    customer.email[c] = signedUp ? 1 : 0;
    customer.stage[c] = lc.stage;
    customer.since[c] = lc.since;
  }
  const clientCount = E.t.length;

  // The engine's own Stage Exited / Stage Entered for every move, at the move's time.
  const exited = templates.id(STAGE_EXITED, SERVER, null);
  const entered = templates.id(STAGE_ENTERED, SERVER, null);
  for (let m = 0; m < M.c.length; m++) {
    for (const tpl of M.from.data[m]! >= 0 ? [exited, entered] : [entered]) {
      E.t.push(M.at.data[m]!);
      E.c.push(M.c.data[m]!);
      E.template.push(tpl);
      E.n.push(m);
      E.stage.push(-1);
    }
  }
  const count = E.t.length;
  const eventOrder = timeOrder(E.t.data, count);
  const eventId = new Int32Array(count);
  for (let k = 0; k < count; k++) eventId[eventOrder[k]!] = k + 1;
  const moveOrder = timeOrder(M.at.data, M.c.length);
  const moveId = new Int32Array(M.c.length);
  for (let k = 0; k < moveOrder.length; k++) moveId[moveOrder[k]!] = k + 1;

  const spend = [...paidDays]
    .map(([key, n]) => {
      const [day, campaign] = key.split('|') as [string, string];
      const p = PAID[campaign]!;
      const amount = Math.round(n * p.cpa * between(0.8, 1.25) * 100) / 100;
      const impressions = Math.round((amount / p.cpm) * 1000);
      return {
        day: Number(day),
        channel: p.channel,
        campaign,
        amount,
        impressions,
        clicks: Math.round(impressions * p.ctr),
      };
    })
    .sort((a, b) => a.day - b.day || a.campaign.localeCompare(b.campaign));

  return {
    customers,
    stages: { keys: st.keys, lifecycle: st.lifecycle, lapse: st.lapse },
    templates: templates.list,
    events: {
      count,
      clientCount,
      t: E.t.data,
      c: E.c.data,
      template: E.template.data,
      n: E.n.data,
      stage: E.stage.data,
      order: eventOrder,
      id: eventId,
    },
    moves: {
      count: M.c.length,
      c: M.c.data,
      at: M.at.data,
      from: M.from.data,
      to: M.to.data,
      cause: M.cause.data,
      event: M.event.data,
      order: moveOrder,
      id: moveId,
    },
    customer,
    spend,
    seconds: (performance.now() - started) / 1000,
  };
}

/** NPS answers lean positive: about a third promoters, a fifth detractors (cumulative shares of 0..10). */
const SCORES = [0.02, 0.03, 0.04, 0.06, 0.08, 0.12, 0.2, 0.35, 0.62, 0.82, 1];
function surveyScore(r: number): number {
  let s = 0;
  while (r >= SCORES[s]!) s++;
  return s;
}

function reviewRating(r: number): number {
  return r < 0.05 ? 1 : r < 0.1 ? 2 : r < 0.25 ? 3 : r < 0.55 ? 4 : 5;
}

/**
 * Indices 0..n-1 in order of `t` (to the second), ties in index order: one native sort of
 * (second since T0) · 2^25 + index, exact in a double.
 */
function timeOrder(t: Float64Array, n: number): Int32Array {
  const SHIFT = 2 ** 25;
  if (n > SHIFT) throw new Error('too many rows for the time sort');
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = Math.floor((t[i]! - T0) / SECOND) * SHIFT + i;
  keys.sort();
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = keys[k]! % SHIFT;
  return out;
}

type EventColumns = { stage: Column<Int8Array> };
type MoveColumns = {
  c: Column<Int32Array>;
  at: Column<Float64Array>;
  from: Column<Int8Array>;
  to: Column<Int8Array>;
  cause: Column<Uint8Array>;
  event: Column<Int32Array>;
};

/**
 * The clm-5 lifecycle of one customer along their events (rows base..base+size-1 of the event columns,
 * in time order; `kinds[order[k]]` is the kind of row base+k): moves when an event changes what the
 * customer has earned, time-driven moves into the lapse states (buyers 90 and 180 days without activity)
 * and out of reactivation (30 days after), and the stage each event happened in (the stage before it,
 * or after it for the customer's first). Windows that expire with no event (a year-old second order)
 * are applied at the customer's next event rather than on the day.
 */
function decideLifecycle(
  st: ReturnType<typeof clmStages>,
  c: number,
  base: number,
  size: number,
  E: EventColumns & { n: Column<Float64Array>; t: Column<Float64Array> },
  kinds: Uint8Array,
  order: Int32Array,
  M: MoveColumns,
): { stage: number; since: number } {
  let stage = -1;
  let since = 0;
  let lastActivity = Number.NEGATIVE_INFINITY;
  const orders: number[] = [];
  let signedUp = false;
  let lastReferralOrReview = Number.NEGATIVE_INFINITY;
  let lastPromoterSurvey = Number.NEGATIVE_INFINITY;
  const move = (to: number, at: number, cause: number, event: number) => {
    if (to === stage) return;
    M.c.push(c);
    M.at.push(at);
    M.from.push(stage);
    M.to.push(to);
    M.cause.push(cause);
    M.event.push(event);
    stage = to;
    since = at;
  };
  const earned = (t: number) => {
    let recent = 0;
    for (let i = orders.length - 1; i >= 0 && orders[i]! > t - 365 * DAY; i--) recent++;
    if (recent > 0 && (lastReferralOrReview > t - 365 * DAY || lastPromoterSurvey > t - 180 * DAY)) {
      return st.advocacy;
    }
    if (recent >= 2) return st.retention;
    if (orders.length > 0) return st.conversion;
    if (signedUp) return st.acquisition;
    return st.awareness;
  };
  /** The time-driven moves due before `t`. */
  const wakeUntil = (t: number) => {
    for (;;) {
      let next = Number.POSITIVE_INFINITY;
      let to = -1;
      if (orders.length > 0 && stage !== st.atRisk && stage !== st.churned) {
        next = lastActivity + 90 * DAY;
        to = st.atRisk;
      }
      if (stage === st.atRisk) {
        next = lastActivity + 180 * DAY;
        to = st.churned;
      }
      if (stage === st.reactivated && since + 30 * DAY < next) {
        next = since + 30 * DAY;
        to = -2;
      }
      if (next >= t) return;
      move(to === -2 ? earned(next) : to, next, 1, -1);
    }
  };
  for (let k = 0; k < size; k++) {
    const row = base + k;
    const t = E.t.data[row]!;
    const kind = kinds[order[k]!]!;
    wakeUntil(t);
    const before = stage;
    if (kind === ORDER) orders.push(t);
    else if (kind === SIGNED_UP) signedUp = true;
    else if (kind === REFERRAL || (kind === REVIEW && E.n.data[row]! >= 4)) lastReferralOrReview = t;
    else if (kind === SURVEY && E.n.data[row]! >= 9) lastPromoterSurvey = t;
    lastActivity = t;
    const next =
      stage === st.atRisk || stage === st.churned || (stage === st.reactivated && t - since < 30 * DAY)
        ? st.reactivated
        : earned(t);
    move(next, t, 0, row);
    E.stage.data[row] = before === -1 ? next : before;
  }
  wakeUntil(NOW);
  return { stage, since };
}
