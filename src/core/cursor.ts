import { AppError } from './errors.ts';

/** Opaque keyset-pagination cursor: the sort key of the last item, base64url-encoded. */
export function encodeCursor(values: (number | string)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` with the expected element types, or fails with bad_request.
 * Numbers must be safe integers (every cursor holds ids or epoch milliseconds): PostgreSQL would reject
 * a tampered `1.5` compared with a bigint column as a server error rather than a bad request.
 */
export function decodeCursor<T extends ('number' | 'string')[]>(
  cursor: string,
  types: T,
): (number | string)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('bad_request', 'cursor is not valid: pass the `next` value of a previous page');
  }
  if (
    !Array.isArray(values) ||
    values.length !== types.length ||
    values.some((v, i) => typeof v !== types[i] || (typeof v === 'number' && !Number.isSafeInteger(v)))
  ) {
    throw new AppError('bad_request', 'cursor is not valid: pass the `next` value of a previous page');
  }
  return values as (number | string)[];
}
