import { DAY } from '../../src/core/index.ts';
import type { SqliteStore } from '../../src/storage/index.ts';

/** A small deterministic PRNG (mulberry32), so every run loads the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What one shopper does, weighted: browsing dominates, purchases are rarer and carry revenue. */
const EVENTS: [name: string | null, weight: number][] = [
  [null, 45], // a page view
  ['Product Viewed', 25],
  ['Product Added', 9],
  ['Checkout Started', 5],
  ['Order Completed', 8],
  ['Product Reviewed', 2],
  ['Survey Responded', 2],
  ['Referral Completed', 1],
  ['Ticket Created', 3],
];
const TOTAL_WEIGHT = EVENTS.reduce((s, [, w]) => s + w, 0);

function pick(r: number): string | null {
  let x = r * TOTAL_WEIGHT;
  for (const [name, w] of EVENTS) {
    x -= w;
    if (x < 0) return name;
  }
  return null;
}

export type Generated = { customers: number; events: number; seconds: number };

/**
 * Loads `customers` shoppers and about `events` events straight into the tables (the bulk path an
 * import takes), spread over the 18 months before `now`. Customers are written in blocks whose events
 * are sorted by time, so one customer's events lie scattered through the log as in real traffic.
 * Some customers stop early, so lapse states and expiring windows have people to move.
 */
export function generate(
  store: SqliteStore,
  workspaceId: number,
  customers: number,
  events: number,
  now: number,
): Generated {
  const started = performance.now();
  const rand = random(42);
  const span = 540 * DAY;
  const perCustomer = events / customers;
  const insertCustomer = store.db.prepare(
    `INSERT INTO customers (id, workspace_id, user_id, traits, trait_times, first_seen, last_seen, identity_count,
       created_at, updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?, 1, ?, ?)`,
  );
  const insertIdentity = store.db.prepare(
    "INSERT INTO identities (workspace_id, kind, value, customer_id, created_at) VALUES (?, 'user_id', ?, ?, ?)",
  );
  const insertEvent = store.db.prepare(
    `INSERT INTO events (workspace_id, customer_id, message_id, type, name, user_id, timestamp, received_at, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let written = 0;
  const BLOCK = 5_000;
  for (let first = 1; first <= customers; first += BLOCK) {
    const block: [t: number, customer: number, name: string | null][] = [];
    store.db.exec('BEGIN');
    for (let id = first; id < Math.min(first + BLOCK, customers + 1); id++) {
      const signup = now - span + Math.floor(rand() * span);
      // Activity lasts a while, then many stop: the lapse states need their people.
      const activeFor = Math.floor(-Math.log(1 - rand()) * 120 * DAY);
      const end = Math.min(now, signup + activeFor);
      const count = Math.max(1, Math.round(-Math.log(1 - rand()) * perCustomer));
      let last = signup;
      for (let k = 0; k < count; k++) {
        const t = k === 0 ? signup : signup + Math.floor(rand() * (end - signup));
        block.push([t, id, k === 0 ? 'Signed Up' : pick(rand())]);
        if (t > last) last = t;
      }
      const traits = rand() < 0.6 ? `{"email":"c${id}@example.com"}` : '{}';
      insertCustomer.run(id, workspaceId, `u${id}`, traits, signup, last, signup, signup);
      insertIdentity.run(workspaceId, `u${id}`, id, signup);
    }
    block.sort((a, b) => a[0] - b[0]);
    for (const [t, id, name] of block) {
      written++;
      const isPage = name === null;
      const properties = isPage
        ? `{"path":"/p/${written % 500}"}`
        : name === 'Order Completed'
          ? `{"revenue":${(10 + Math.floor(rand() * 190)).toFixed(0)},"order_id":"o${written}"}`
          : name === 'Survey Responded'
            ? `{"score":${Math.floor(rand() * 11)}}`
            : name === 'Product Reviewed'
              ? `{"rating":${1 + Math.floor(rand() * 5)}}`
              : `{"sku":"s${written % 2000}"}`;
      insertEvent.run(
        workspaceId,
        id,
        `g${written}`,
        isPage ? 'page' : 'track',
        name,
        `u${id}`,
        t,
        t,
        `{"properties":${properties}}`,
      );
    }
    store.db.exec('COMMIT');
  }
  store.db.exec(`UPDATE sequences SET value = ${customers} WHERE name = 'customers'`);
  return { customers, events: written, seconds: (performance.now() - started) / 1000 };
}
