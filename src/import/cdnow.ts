import type { Lines, ParsedRow } from './parsed-row.ts';

const INTEGER = /^\d+$/;
const AMOUNT = /^-?\d+(?:\.\d+)?$/;

/**
 * The CDNOW transaction log, whitespace-separated: `CDNOW_master.txt` has `customer_id date cds dollars`
 * (after an optional header line), `CDNOW_sample.txt` has `master_id sample_id date cds dollars`. Each
 * row becomes an `Order Completed` track event at 00:00 UTC of its date, with `properties.revenue`
 * (dollars), `properties.quantity` (CDs) and `currency: 'USD'`. The userId is the customer id without
 * its zero padding (`00004` is `"4"`); the sample's master id is the same customer as in the master file.
 *
 * The messageId is `cdnow-<customer>-<date>-<n>`, n counting that customer's rows on that date in file
 * order (a customer may buy twice a day, even the same amount). Unlike a line number it does not
 * depend on where the row sits, so the sample, being the master's rows for 2,357 of its customers, gets
 * the same ids: importing both stores each purchase once. The counts are kept for the whole file (the
 * sample is not sorted by customer), one entry per customer and day: about 68,000 for the master file.
 */
export async function* cdnowRows(lines: Lines): AsyncGenerator<ParsedRow> {
  const seen = new Map<string, number>();
  let line = 0;
  let first = true;
  for await (const text of lines) {
    line++;
    const cells = text.trim().split(/\s+/);
    if (cells[0] === '') continue;
    // The master file starts with a header line (` customer_id  date number_of_cds  dollar_value`).
    const header = first && !INTEGER.test(cells[0]);
    first = false;
    if (header) continue;
    const row = cdnowRow(cells);
    if (typeof row === 'string') {
      yield { line, error: row };
      continue;
    }
    const key = `${row.customer}-${row.date}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const message = {
      type: 'track',
      event: 'Order Completed',
      userId: row.customer,
      messageId: `cdnow-${key}-${n}`,
      timestamp: row.timestamp,
      properties: { revenue: row.dollars, quantity: row.cds, currency: 'USD' },
    };
    yield { line, message };
  }
}

type CdnowRow = { customer: string; date: string; timestamp: string; cds: number; dollars: number };

/** One row's values, or what is wrong with it. */
function cdnowRow(cells: string[]): CdnowRow | string {
  if (cells.length !== 4 && cells.length !== 5) {
    return `${cells.length} columns; CDNOW rows have 4 (customer_id date cds dollars) or 5 (master_id sample_id date cds dollars)`;
  }
  const [id, date, cds, dollars] = cells.length === 5 ? [cells[0], cells[2], cells[3], cells[4]] : cells;
  if (!INTEGER.test(id) || /^0+$/.test(id)) return `customer id "${id}" is not a positive integer`;
  const timestamp = isoDate(date);
  if (!timestamp) return `date "${date}" is not a YYYYMMDD date`;
  if (!INTEGER.test(cds)) return `number of CDs "${cds}" is not a whole number`;
  if (!AMOUNT.test(dollars)) return `dollar value "${dollars}" is not a number`;
  return { customer: id.replace(/^0+/, ''), date, timestamp, cds: Number(cds), dollars: Number(dollars) };
}

/** `19970101` as `1997-01-01T00:00:00.000Z`, or null when it is not a real calendar date. */
function isoDate(value: string): string | null {
  if (!/^\d{8}$/.test(value)) return null;
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T00:00:00.000Z`;
  const time = Date.parse(iso);
  // Date.parse accepts 1997-02-30 on some engines by rolling over; a round trip catches it.
  return Number.isFinite(time) && new Date(time).toISOString() === iso ? iso : null;
}
