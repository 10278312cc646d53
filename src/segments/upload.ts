import { AppError, CsvParser } from '../core/index.ts';
import { MAX_UPLOAD_IDENTIFIERS, type MembersUploadInput } from './schemas.ts';
import type { Identifiers } from './segment-store.ts';

// The header of a CSV upload names what its one column holds.
const HEADERS: Record<string, keyof Identifiers> = {
  userid: 'userIds',
  user_id: 'userIds',
  email: 'emails',
  customerid: 'customerIds',
  customer_id: 'customerIds',
  id: 'customerIds',
};

/**
 * The identifiers of a member upload: a JSON body `{userIds, emails, customerIds}` or a CSV text
 * whose one column is headed `userId`, `email` or `customerId`. Refuses an empty upload and one
 * with more than `MAX_UPLOAD_IDENTIFIERS` identifiers.
 */
export function readUpload(body: unknown): Identifiers {
  const ids =
    typeof body === 'string'
      ? readCsv(body)
      : {
          userIds: (body as MembersUploadInput).userIds ?? [],
          emails: (body as MembersUploadInput).emails ?? [],
          customerIds: (body as MembersUploadInput).customerIds ?? [],
        };
  const count = ids.userIds.length + ids.emails.length + ids.customerIds.length;
  if (count === 0) {
    throw new AppError(
      'bad_request',
      'no identifiers: send {"userIds": [...], "emails": [...], "customerIds": [...]} or a CSV with one column headed userId, email or customerId',
    );
  }
  if (count > MAX_UPLOAD_IDENTIFIERS) {
    throw new AppError(
      'bad_request',
      `too many identifiers (${count}); send at most ${MAX_UPLOAD_IDENTIFIERS} per request`,
    );
  }
  return ids;
}

function readCsv(text: string): Identifiers {
  const ids: Identifiers = { userIds: [], emails: [], customerIds: [] };
  const parser = new CsvParser();
  let kind: keyof Identifiers | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const records = lines.map((line, i) => parser.push(line, i + 1));
  const last = parser.end();
  for (const record of [...records, last]) {
    if (record === null) continue;
    if ('error' in record) throw new AppError('bad_request', `CSV line ${record.line}: ${record.error}`);
    if (record.fields.length !== 1) {
      throw new AppError(
        'bad_request',
        `CSV line ${record.line}: expected one column (userId, email or customerId), found ${record.fields.length}`,
      );
    }
    const value = record.fields[0]!.trim();
    if (kind === null) {
      kind = HEADERS[value.toLowerCase()] ?? null;
      if (kind === null) {
        throw new AppError(
          'bad_request',
          `CSV line ${record.line}: the first line names the column: userId, email or customerId (found "${value.slice(0, 64)}")`,
        );
      }
      continue;
    }
    if (value === '') continue;
    if (kind === 'customerIds') {
      const id = Number(value);
      if (!/^[1-9][0-9]{0,15}$/.test(value) || !Number.isSafeInteger(id)) {
        throw new AppError(
          'bad_request',
          `CSV line ${record.line}: "${value.slice(0, 64)}" is not a customer id`,
        );
      }
      ids.customerIds.push(id);
    } else ids[kind].push(value);
  }
  if (kind === null) throw new AppError('bad_request', 'the CSV is empty: its first line names the column');
  return ids;
}
