import { CsvParser, type CsvRecord } from '../core/index.ts';
import { ImportError } from './import-error.ts';
import { importMessageId } from './message-id.ts';
import type { Lines, ParsedRow } from './parsed-row.ts';

/** Header names (compared in lower case) that hold the customer's userId, the first present winning. */
const ID_COLUMNS = ['userid', 'user_id', 'id'];
const EMAIL_COLUMN = 'email';
/** Plain decimals only: no leading zeros, so zip codes, phone numbers and padded ids stay text. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

type Columns = { names: string[]; id: number; email: number };

/**
 * A customer CSV: a header row, then one customer per row, each becoming an `identify` message.
 * The first column named `userId`, `user_id` or `id` (any case) is the userId; the other columns become
 * traits under their header name (a column with an empty name is ignored). An `email` column is a
 * trait too, kept as text; a row with no userId but an email is identified by that address as its
 * anonymousId, so it links to the customer who later signs in with it when the workspace identifies
 * by email. Cell values: empty cells are left out, `true`/`false` (any case) become booleans, plain
 * decimal numbers become numbers, everything else stays text. The messageId is derived from the
 * resulting message, so a re-run stores nothing twice and an edited row is stored as a new identify.
 * @throws ImportError when the header row is malformed or names a column twice.
 */
export async function* csvRows(lines: Lines): AsyncGenerator<ParsedRow> {
  const parser = new CsvParser();
  let columns: Columns | null = null;
  let line = 0;
  const toRow = (record: CsvRecord): ParsedRow | null => {
    if ('error' in record) {
      if (!columns) throw new ImportError(`line ${record.line}: CSV header: ${record.error}`);
      return record;
    }
    if (!columns) {
      columns = headerColumns(record.fields, record.line);
      return null;
    }
    return csvRow(columns, record.fields, record.line);
  };
  for await (const text of lines) {
    const record = parser.push(text, ++line);
    const row = record && toRow(record);
    if (row) yield row;
  }
  const last = parser.end();
  const row = last && toRow(last);
  if (row) yield row;
}

function headerColumns(fields: string[], line: number): Columns {
  const names = fields.map((f) => f.trim());
  const lower = names.map((n) => n.toLowerCase());
  const seen = new Set<string>();
  for (const name of names) {
    if (name !== '' && seen.has(name))
      throw new ImportError(`line ${line}: CSV header names "${name}" twice`);
    seen.add(name);
  }
  const idColumn = ID_COLUMNS.map((c) => lower.indexOf(c)).find((i) => i >= 0) ?? -1;
  return { names, id: idColumn, email: lower.indexOf(EMAIL_COLUMN) };
}

function csvRow(columns: Columns, fields: string[], line: number): ParsedRow {
  if (fields.length !== columns.names.length) {
    return { line, error: `${fields.length} fields where the header has ${columns.names.length}` };
  }
  const traits: Record<string, string | number | boolean> = {};
  fields.forEach((cell, i) => {
    const name = columns.names[i];
    if (i === columns.id || name === '' || cell === '') return;
    traits[name] = i === columns.email ? cell.trim() : csvValue(cell);
  });
  const userId = columns.id >= 0 ? fields[columns.id].trim() : '';
  const email = columns.email >= 0 ? fields[columns.email].trim().toLowerCase() : '';
  const message: Record<string, unknown> = { type: 'identify' };
  if (userId) message.userId = userId;
  else if (email) message.anonymousId = email;
  message.traits = traits;
  message.messageId = importMessageId('csv', JSON.stringify(message));
  return { line, message };
}

/**
 * The JSON value of one cell: booleans and plain decimal numbers are typed, the rest is text as written.
 * @example csvValue('42') // 42
 * @example csvValue('007') // '007'
 */
export function csvValue(cell: string): string | number | boolean {
  const lower = cell.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (NUMBER.test(cell)) {
    const n = Number(cell);
    // Integers past 2^53 would silently change (long ids): they stay text.
    if (Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n))) return n;
  }
  return cell;
}
