/**
 * One PostgreSQL job worker in its own process, for bench/jobs: connects, says `ready`, waits for `go`
 * on stdin, drains the bench's jobs and prints what it measured as one JSON line.
 * Env: BENCH_PG_URL, BENCH_PG_SCHEMA, BENCH_WORKER_ID, BENCH_CONCURRENCY.
 */
import { createInterface } from 'node:readline';
import { PostgresStore } from '../../src/storage/postgres/postgres-store.ts';
import { drain } from './drain.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const store = new PostgresStore(env('BENCH_PG_URL'), { schema: env('BENCH_PG_SCHEMA') });
await store.ping();
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line === 'go') break;
lines.close();
const drained = await drain(store.jobs, env('BENCH_WORKER_ID'), Number(env('BENCH_CONCURRENCY')));
process.stdout.write(`${JSON.stringify(drained)}\n`);
await store.close();
