import { CsvParser, iso } from '../core/index.ts';
import type { SpendRow, TimeRange } from './analytics-store.ts';

/** A spend file row that could not be read, with its line number and why. */
export type SpendError = { line: number; message: string };

export type ParsedSpend = { rows: SpendRow[]; errors: SpendError[] };

/** Column names accepted for each field, compared case-insensitively after trimming. */
const COLUMNS = {
  date: ['date', 'day'],
  channel: ['channel', 'source'],
  campaign: ['campaign', 'campaign_name'],
  amount: ['amount', 'spend', 'cost'],
  impressions: ['impressions'],
  clicks: ['clicks'],
} as const;
type Field = keyof typeof COLUMNS;

/** The UTC midnight of a `YYYY-MM-DD` or `YYYYMMDD` date, or null when it is not a real date. */
export function spendDay(text: string): number | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over into March; a date that does not round-trip is not a date.
  return new Date(t).toISOString().slice(0, 10) === `${m[1]}-${m[2]}-${m[3]}` ? t : null;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * Reads marketing spend from CSV: a header row naming at least `date`, `channel` and `amount` (also
 * `spend` or `cost`), optionally `campaign`, `impressions` and `clicks`, in any order and case. Dates
 * are UTC days (`2026-03-01` or `20260301`); amounts non-negative decimals without currency signs or
 * thousands separators. Rows of the same day, channel and campaign are added up (ad platforms export
 * one row per ad set), so a file holds one total each; storing it replaces what an earlier import said
 * for those days. Bad rows are reported by line and leave the good ones in.
 * @example parseSpend(['date,channel,campaign,amount', '2026-03-01,paid_search,spring,120.50'])
 */
export function parseSpend(lines: Iterable<string>): ParsedSpend {
  const parser = new CsvParser({ maxFieldChars: 10_000 });
  const errors: SpendError[] = [];
  const totals = new Map<string, SpendRow>();
  let index: Partial<Record<Field, number>> | null = null;
  let n = 0;
  const records = function* () {
    for (const text of lines) {
      const record = parser.push(text, ++n);
      if (record) yield record;
    }
    // An unterminated quote at the end of the file is an error of the record it started.
    const last = parser.end();
    if (last) yield last;
  };
  for (const record of records()) {
    if ('error' in record) {
      errors.push({ line: record.line, message: record.error });
      continue;
    }
    if (!index) {
      index = headerIndex(record.fields);
      const missing = (['date', 'channel', 'amount'] as const).filter((f) => index![f] === undefined);
      if (missing.length > 0) {
        return {
          rows: [],
          errors: [{ line: record.line, message: `the header has no ${missing.join(', ')} column` }],
        };
      }
      continue;
    }
    const row = readRow(record.fields, index);
    if (typeof row === 'string') {
      errors.push({ line: record.line, message: row });
      continue;
    }
    const key = `${row.day}\u0000${row.channel}\u0000${row.campaign}`;
    const seen = totals.get(key);
    if (!seen) totals.set(key, row);
    else {
      seen.amount += row.amount;
      seen.impressions = sumOrNull(seen.impressions, row.impressions);
      seen.clicks = sumOrNull(seen.clicks, row.clicks);
    }
  }
  if (!index && errors.length === 0)
    errors.push({ line: 1, message: 'the file is empty: it needs a header row' });
  return { rows: [...totals.values()], errors };
}

const sumOrNull = (a: number | null, b: number | null) =>
  a === null && b === null ? null : (a ?? 0) + (b ?? 0);

function headerIndex(fields: string[]): Partial<Record<Field, number>> {
  const index: Partial<Record<Field, number>> = {};
  fields.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    for (const field of Object.keys(COLUMNS) as Field[]) {
      if ((COLUMNS[field] as readonly string[]).includes(key) && index[field] === undefined) index[field] = i;
    }
  });
  return index;
}

/** One data row as a SpendRow, or what is wrong with it. */
function readRow(fields: string[], index: Partial<Record<Field, number>>): SpendRow | string {
  const cell = (f: Field) => (index[f] === undefined ? '' : (fields[index[f]!] ?? '').trim());
  const day = spendDay(cell('date'));
  if (day === null) return `date ${JSON.stringify(cell('date'))} is not a YYYY-MM-DD day`;
  const channel = cell('channel');
  if (!channel) return 'channel is empty';
  if (channel.length > 100 || cell('campaign').length > 200) return 'channel or campaign is too long';
  const amount = cell('amount');
  if (!DECIMAL.test(amount)) return `amount ${JSON.stringify(amount)} is not a non-negative decimal`;
  const counts: (number | null)[] = [];
  for (const f of ['impressions', 'clicks'] as const) {
    const v = cell(f);
    if (v !== '' && !/^\d+$/.test(v)) return `${f} ${JSON.stringify(v)} is not a whole number`;
    counts.push(v === '' ? null : Number(v));
  }
  return {
    day,
    channel,
    campaign: cell('campaign'),
    amount: Number(amount),
    impressions: counts[0]!,
    clicks: counts[1]!,
  };
}

/** The spend in a range as the API shows it: its rows by day, with the total and the total per channel. */
export function spendReport(range: TimeRange, rows: SpendRow[]) {
  const byChannel = new Map<string, number>();
  for (const r of rows) byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + r.amount);
  return {
    from: iso(range.from),
    to: iso(range.to),
    total: rows.reduce((sum, r) => sum + r.amount, 0),
    byChannel: [...byChannel].map(([channel, amount]) => ({ channel, amount })),
    rows: rows.map((r) => ({ ...r, day: iso(r.day).slice(0, 10) })),
  };
}
