import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Drained } from './drain.ts';

/** A worker process's lines on stdout, one at a time. */
function lineReader(child: ChildProcess): () => Promise<string> {
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('a bench worker process ended early (its stderr is above)');
    return value;
  };
}

/**
 * Runs `count` PostgreSQL workers in processes of their own, started together once all have connected,
 * and returns what each measured.
 */
export async function drainInProcesses(
  count: number,
  concurrency: number,
  pg: { url: string; schema: string },
): Promise<Drained[]> {
  const script = path.join(import.meta.dirname, 'worker-process.ts');
  const children = Array.from({ length: count }, (_, i) => {
    const env = {
      ...process.env,
      BENCH_PG_URL: pg.url,
      BENCH_PG_SCHEMA: pg.schema,
      BENCH_WORKER_ID: `bench-${count}x${concurrency}-${i}`,
      BENCH_CONCURRENCY: String(concurrency),
    };
    const child = spawn(process.execPath, [script], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    return { child, next: lineReader(child) };
  });
  for (const { next } of children) {
    const line = await next();
    if (line !== 'ready') throw new Error(`a bench worker said ${JSON.stringify(line)}, not ready`);
  }
  for (const { child } of children) child.stdin!.write('go\n');
  return Promise.all(children.map(async ({ next }) => JSON.parse(await next()) as Drained));
}
