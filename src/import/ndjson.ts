import { importMessageId } from './message-id.ts';
import type { Lines, ParsedRow } from './parsed-row.ts';

/**
 * NDJSON: one Segment message per line, as an export or a log of `/v1/batch` calls would hold them.
 * Blank lines are skipped. A line that is not JSON becomes an error row; anything that parses is passed
 * on as is, to be judged by the same validation as the HTTP API. A message without a messageId gets one
 * derived from its line, so a re-run stores nothing twice.
 * @example for await (const row of ndjsonRows(['{"type":"track","userId":"u1","event":"Signed Up"}'])) …
 */
export async function* ndjsonRows(lines: Lines): AsyncGenerator<ParsedRow> {
  let line = 0;
  for await (const text of lines) {
    line++;
    const json = text.trim();
    if (json === '') continue;
    let message: unknown;
    try {
      message = JSON.parse(json);
    } catch (error) {
      yield { line, error: `not valid JSON: ${(error as Error).message}` };
      continue;
    }
    if (typeof message === 'object' && message !== null && !Array.isArray(message)) {
      const m = message as Record<string, unknown>;
      if (m.messageId === undefined || m.messageId === null) m.messageId = importMessageId('ndjson', json);
    }
    yield { line, message };
  }
}
