import path from 'node:path';
import type { ImportFormat } from './parsed-row.ts';

const BY_EXTENSION: Record<string, ImportFormat> = {
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'ndjson',
  '.csv': 'csv',
};
const CDNOW_ROW = /^\s*\d+\s+(?:\d+\s+)?\d{8}\s+\d+\s+-?\d+(?:\.\d+)?\s*$/;
const CDNOW_HEADER = /^\s*customer_id\s+date\b/i;

/**
 * Which format a file holds: by its extension (`.ndjson`, `.jsonl`, `.json`, `.csv`), else by its
 * first non-blank line (a JSON object, a CDNOW row or header, a comma-separated header). Null when it
 * cannot tell; the caller then asks for --format.
 * @example detectFormat('CDNOW_master.txt', ' customer_id  date number_of_cds  dollar_value') // 'cdnow'
 */
export function detectFormat(file: string, firstLine: string): ImportFormat | null {
  const byExtension = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (byExtension) return byExtension;
  if (firstLine.trimStart().startsWith('{')) return 'ndjson';
  if (CDNOW_ROW.test(firstLine) || CDNOW_HEADER.test(firstLine)) return 'cdnow';
  if (firstLine.includes(',')) return 'csv';
  return null;
}
