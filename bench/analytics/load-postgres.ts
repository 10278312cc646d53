import type pg from 'pg';
import { DEFAULT_IDENTITY_SETTINGS } from '../../src/identity/index.ts';
import { loadPreset } from '../../src/lifecycle/index.ts';
import { PostgresStore } from '../../src/storage/index.ts';
import type { Dataset } from './generate.ts';
import { NOW, SPAN } from './generate.ts';
import type { Loaded } from './load-sqlite.ts';
import { tables, type Value } from './rows.ts';

/** Rows per COPY statement (one transaction each), and COPYs running at once. */
const ROWS_PER_COPY = 20_000;
const CONNECTIONS = 3;

/** A value in COPY's text format: \N for null, backslash escapes for the few characters that need them. */
function copyText(v: Value): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : v;
}

/**
 * `COPY ... FROM STDIN` with the installed `pg` alone: a submittable query (the interface pg-cursor and
 * pg-query-stream use) that answers the server's CopyInResponse with the rows, then CopyDone.
 */
class CopyIn {
  readonly text: string;
  readonly #data: Buffer;
  readonly done: Promise<void>;
  #resolve!: () => void;
  #reject!: (error: Error) => void;

  constructor(text: string, data: string) {
    this.text = text;
    this.#data = Buffer.from(data);
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }): void {
    const CHUNK = 1 << 20;
    for (let i = 0; i < this.#data.length; i += CHUNK)
      connection.sendCopyFromChunk(this.#data.subarray(i, i + CHUNK));
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}
  handleReadyForQuery(): void {
    this.#resolve();
  }
  handleError(error: Error): void {
    this.#reject(error);
  }
  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}
}

async function copy(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  lines: string,
): Promise<void> {
  const query = new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, lines);
  client.query(query as unknown as pg.QueryConfig);
  await query.done;
}

/**
 * Writes the dataset into a fresh schema with COPY batches on a few connections at once, every index
 * of the migrations in place, then VACUUM ANALYZE (index-only scans need the visibility map).
 */
export async function loadPostgres(
  d: Dataset,
  url: string,
  schema: string,
  log: (line: string) => void,
): Promise<Loaded> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const store = new PostgresStore(url, { schema, poolSize: CONNECTIONS + 1 });
  try {
    await store.migrate();
    const ws = await store.workspaces.create('bench', { identity: DEFAULT_IDENTITY_SETTINGS }, NOW - SPAN);
    const { rows: found } = await store.pool.query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    const existing = new Set(found.map((r) => String(r.table_name)));
    const loaded = tables(d, (name) => existing.has(name));
    for (const t of loaded) {
      const t0 = performance.now();
      let next = 0;
      let reported = 0;
      const worker = async () => {
        const client = await store.pool.connect();
        try {
          await client.query('SET synchronous_commit = off');
          for (;;) {
            const from = next;
            if (from >= t.count) return;
            next = Math.min(t.count, from + ROWS_PER_COPY);
            let lines = '';
            for (let k = from; k < next; k++) lines += `${t.row(ws.id, k).map(copyText).join('\t')}\n`;
            await copy(client, t.table, t.columns, lines);
            if (next - reported >= 1_000_000) {
              reported = next;
              log(`  ${t.table}: ${next.toLocaleString('en-US')} rows`);
            }
          }
        } finally {
          client.release();
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, worker));
      phases[t.table] = (performance.now() - t0) / 1000;
    }
    await store.pool.query(
      "SELECT setval(pg_get_serial_sequence('events', 'id'), (SELECT max(id) FROM events))",
    );
    await store.pool.query(
      "SELECT setval(pg_get_serial_sequence('stage_moves', 'id'), (SELECT max(id) FROM stage_moves))",
    );
    await store.pool.query('SELECT setval($1::regclass, $2)', ['customer_ids', d.customers]);
    await store.engine.publishModel(ws.id, loadPreset('clm-5'), NOW);
    await store.pool.query(
      `UPDATE engine_workspaces SET recompute_done = recompute_total, recompute_cursor = $1,
         recompute_finished_at = $2 WHERE workspace_id = $3`,
      [d.customers, NOW, ws.id],
    );
    const t0 = performance.now();
    for (const t of loaded) await store.pool.query(`VACUUM ANALYZE ${t.table}`);
    phases['vacuum analyze'] = (performance.now() - t0) / 1000;
    return { workspaceId: ws.id, seconds: (performance.now() - started) / 1000, phases };
  } finally {
    await store.close();
  }
}
