/**
 * The generated data as table rows, the same for both stores: columns in the order of the COLUMNS lists,
 * values as the store's own writers would put them (times in epoch ms, JSON as text, null for none).
 */
import { periodIndex } from '../../src/analytics/periods.ts';
import { type Dataset, KIND_NAMES, NOW, ORDER, payloadOf, STAGE_ENTERED, STAGE_EXITED } from './generate.ts';

export type Value = string | number | null;

export const EVENT_COLUMNS = [
  'id',
  'workspace_id',
  'customer_id',
  'message_id',
  'type',
  'name',
  'user_id',
  'timestamp',
  'received_at',
  'payload',
  'internal',
  'stage',
  'channel',
  'touchpoint',
  'campaign',
  'value',
] as const;

/** The event written k-th (id k + 1): events are written in time order, as ingest appends them. */
export function eventRow(d: Dataset, workspaceId: number, k: number): Value[] {
  const e = d.events;
  const g = e.order[k]!;
  const id = k + 1;
  const c = e.c[g]!;
  const t = e.t[g]!;
  const tpl = d.templates[e.template[g]!]!;
  const n = e.n[g]!;
  if (tpl.kind === STAGE_ENTERED || tpl.kind === STAGE_EXITED) {
    const m = n;
    const moveId = d.moves.id[m]!;
    const from = d.moves.from[m]!;
    const to = d.stages.keys[d.moves.to[m]!]!;
    const cause = d.moves.cause[m] === 0 ? 'event' : 'time';
    const entered = tpl.kind === STAGE_ENTERED;
    const fromKey = from < 0 ? 'null' : `"${d.stages.keys[from]}"`;
    const properties = entered
      ? `{"stage":"${to}","from_stage":${fromKey},"cause":"${cause}","model_version":1,"move_id":${moveId}}`
      : `{"stage":${fromKey},"to_stage":"${to}","cause":"${cause}","model_version":1,"move_id":${moveId}}`;
    return [
      id,
      workspaceId,
      c,
      `loopline:move:${String(moveId).padStart(15, '0')}:${entered ? 'entered' : 'exited'}`,
      'track',
      KIND_NAMES[tpl.kind]!,
      `u${c}`,
      t,
      t,
      `{"properties":${properties},"context":{"library":{"name":"loopline","version":"1"}}}`,
      1,
      null,
      tpl.channel,
      tpl.touchpoint,
      null,
      null,
    ];
  }
  const stage = e.stage[g]!;
  return [
    id,
    workspaceId,
    c,
    `g${id}`,
    tpl.type,
    KIND_NAMES[tpl.kind] ?? null,
    `u${c}`,
    t,
    t,
    payloadOf(tpl.kind, tpl.source, tpl.path, n, id, c),
    0,
    stage < 0 ? null : d.stages.keys[stage]!,
    tpl.channel,
    tpl.touchpoint,
    tpl.campaign,
    tpl.kind === ORDER ? n : null,
  ];
}

export const CUSTOMER_COLUMNS = [
  'id',
  'workspace_id',
  'user_id',
  'email',
  'traits',
  'trait_times',
  'first_seen',
  'last_seen',
  'identity_count',
  'created_at',
  'updated_at',
] as const;

export function customerRow(d: Dataset, workspaceId: number, c: number): Value[] {
  const email = d.customer.email[c] ? `c${c}@example.com` : null;
  const first = d.customer.firstSeen[c]!;
  const last = d.customer.lastSeen[c]!;
  return [
    c,
    workspaceId,
    `u${c}`,
    email,
    email ? `{"email":"${email}"}` : '{}',
    '{}',
    first,
    last,
    1,
    first,
    last,
  ];
}

export const MOVE_COLUMNS = [
  'id',
  'workspace_id',
  'customer_id',
  'from_stage',
  'to_stage',
  'at',
  'cause',
  'event_id',
  'model_version',
  'rule',
  'facts',
] as const;

/** The move written k-th (id k + 1), in time order as the engine records them. */
export function moveRow(d: Dataset, workspaceId: number, k: number): Value[] {
  const m = d.moves;
  const i = m.order[k]!;
  const from = m.from[i]!;
  const event = m.event[i]!;
  return [
    k + 1,
    workspaceId,
    m.c[i]!,
    from < 0 ? null : d.stages.keys[from]!,
    d.stages.keys[m.to[i]!]!,
    m.at[i]!,
    m.cause[i] === 0 ? 'event' : 'time',
    event < 0 ? null : d.events.id[event]!,
    1,
    null,
    '[]',
  ];
}

export const STATE_COLUMNS = [
  'customer_id',
  'workspace_id',
  'stage',
  'stage_since',
  'model_version',
  'segments',
  'features',
  'signature',
  'predictions',
  'wake_at',
  'updated_at',
] as const;

export function stateRow(d: Dataset, workspaceId: number, c: number): Value[] {
  return [
    c,
    workspaceId,
    d.stages.keys[d.customer.stage[c]!]!,
    d.customer.since[c]!,
    1,
    '[]',
    '{}',
    null,
    '{}',
    null,
    NOW,
  ];
}

export const SPEND_COLUMNS = [
  'workspace_id',
  'day',
  'channel',
  'campaign',
  'amount',
  'impressions',
  'clicks',
] as const;

export function spendRow(d: Dataset, workspaceId: number, k: number): Value[] {
  const s = d.spend[k]!;
  return [workspaceId, s.day, s.channel, s.campaign, s.amount, s.impressions, s.clicks];
}

export type TableRows = {
  table: string;
  columns: readonly string[];
  count: number;
  row: (ws: number, k: number) => Value[];
};

const PAIR = 2 ** 24;

/**
 * The distinct (period, customer) pairs of the client events, sorted: the rows ingest keeps in
 * active_days, active_weeks and active_months (customer ids below 2^24).
 */
function activePeriods(d: Dataset, unit: 'day' | 'week' | 'month'): Float64Array {
  const e = d.events;
  const keys = new Float64Array(e.clientCount);
  for (let g = 0; g < e.clientCount; g++) keys[g] = periodIndex(e.t[g]!, unit) * PAIR + e.c[g]!;
  keys.sort();
  let n = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[i - 1]) keys[n++] = keys[i]!;
  return keys.subarray(0, n);
}

/**
 * Every table the bench writes that the store has, with its rows (`internal` as 0/1, which PostgreSQL
 * reads as a boolean).
 */
export function tables(d: Dataset, has: (table: string) => boolean): TableRows[] {
  const out: TableRows[] = [
    {
      table: 'customers',
      columns: CUSTOMER_COLUMNS,
      count: d.customers,
      row: (ws, k) => customerRow(d, ws, k + 1),
    },
    { table: 'events', columns: EVENT_COLUMNS, count: d.events.count, row: (ws, k) => eventRow(d, ws, k) },
    { table: 'stage_moves', columns: MOVE_COLUMNS, count: d.moves.count, row: (ws, k) => moveRow(d, ws, k) },
    {
      table: 'customer_state',
      columns: STATE_COLUMNS,
      count: d.customers,
      row: (ws, k) => stateRow(d, ws, k + 1),
    },
    {
      table: 'marketing_spend',
      columns: SPEND_COLUMNS,
      count: d.spend.length,
      row: (ws, k) => spendRow(d, ws, k),
    },
  ];
  for (const [table, unit] of [
    ['active_days', 'day'],
    ['active_weeks', 'week'],
    ['active_months', 'month'],
  ] as const) {
    if (!has(table)) continue;
    const pairs = activePeriods(d, unit);
    out.push({
      table,
      columns: ['workspace_id', 'period', 'customer_id'],
      count: pairs.length,
      row: (ws, k) => [ws, Math.floor(pairs[k]! / PAIR), pairs[k]! % PAIR],
    });
  }
  return out;
}
