import { createHash } from 'node:crypto';
import type { ImportFormat } from './parsed-row.ts';

/**
 * The messageId of an imported row that carries none: derived from its content, so that importing the
 * same file again finds every row already stored (the store de-duplicates by messageId per workspace).
 * Identical rows get the same id and are stored once.
 * @example importMessageId('ndjson', '{"type":"track",...}') // 'import-3f5a…' (64 hex digits)
 */
export function importMessageId(format: ImportFormat, content: string): string {
  return `import-${createHash('sha256').update(`${format}\n${content}`).digest('hex')}`;
}
