import type { Clock, Message } from '../core/index.ts';
import { type IngestStorage, isRejection, validateMessage } from '../ingest/index.ts';
import { classifyMessages } from '../touchpoints/index.ts';
import type { Workspace } from '../workspaces/index.ts';
import { cdnowRows } from './cdnow.ts';
import { csvRows } from './csv.ts';
import { ndjsonRows } from './ndjson.ts';
import type { ImportFormat, ParsedRow, RowParser } from './parsed-row.ts';

/** The parser of each format. */
export const ROW_PARSERS: Record<ImportFormat, RowParser> = {
  ndjson: ndjsonRows,
  csv: csvRows,
  cdnow: cdnowRows,
};

export const DEFAULT_BATCH_SIZE = 2_000;

export type ImportCounts = {
  /** Rows in the input (blank lines and headers are not rows). */
  read: number;
  stored: number;
  /** Rows whose messageId the workspace already had (or that repeat an earlier row). */
  duplicates: number;
  rejected: number;
};

export type ImportSummary = ImportCounts & { seconds: number };

export type ImportOptions = {
  /** Where the rows go: the ingest port, as the HTTP API's writer uses it. */
  store: { readonly ingest: IngestStorage };
  workspace: Workspace;
  rows: AsyncIterable<ParsedRow>;
  clock: Clock;
  batchSize?: number;
  /** A row that was not stored, with the line it starts on and why. */
  onRejected?: (line: number, reason: string) => void;
  /** Called every thousand rows and after every batch, for a progress display. */
  onProgress?: (counts: ImportCounts) => void;
};

/**
 * Stores the rows of an import the way the HTTP API stores a batch: each message through
 * `validateMessage` (keeping its own timestamp, as `/v1/import` does, since imports are history), then
 * `store.ingest.commit` in batches, which de-duplicates by messageId and resolves identities. Bad rows are
 * reported and skipped; the good ones are stored. Rows are consumed as they come, so memory holds
 * one batch whatever the input's size.
 * @example const summary = await runImport({ store, workspace, clock, rows: ndjsonRows(lines) });
 */
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const { store, workspace, clock, onRejected, onProgress } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const started = performance.now();
  const counts: ImportCounts = { read: 0, stored: 0, duplicates: 0, rejected: 0 };
  const context = { receivedAt: clock.now(), keepTimestamps: true };
  let batch: Message[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    classifyMessages(batch, workspace.settings.touchpoints);
    const [outcome] = await store.ingest.commit(
      [{ workspaceId: workspace.id, messages: batch, settings: workspace.settings.identity }],
      clock.now(),
    );
    counts.stored += outcome.inserted;
    counts.duplicates += outcome.duplicates;
    batch = [];
    onProgress?.(counts);
  };
  const reject = (line: number, reason: string) => {
    counts.rejected++;
    onRejected?.(line, reason);
  };

  for await (const row of options.rows) {
    counts.read++;
    if (counts.read % 1000 === 0) onProgress?.(counts);
    if ('error' in row) {
      reject(row.line, row.error);
      continue;
    }
    if (batch.length === 0) context.receivedAt = clock.now();
    const result = validateMessage(row.message, undefined, context);
    if (isRejection(result)) {
      reject(row.line, result.message);
      continue;
    }
    batch.push(result);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { ...counts, seconds: (performance.now() - started) / 1000 };
}
