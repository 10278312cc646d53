import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const WRITE_KEY = 'll_wk_bench_write_key_0001';
export const SECRET_KEY = 'll_sk_bench_secret_key_0001';

const root = path.resolve(import.meta.dirname, '../..');

/** The real server (`loopline start`) in a child process, so that load and server have a core each. */
export async function startServer(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const port = 7400 + Math.floor(Math.random() * 500);
  // Started the way `npm start` starts it: the `loopline` command, whose shebang sets the heap flags.
  const child = spawn(path.join(root, 'bin/loopline.js'), ['start'], {
    env: {
      ...process.env,
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
      LOOPLINE_PORT: String(port),
      LOOPLINE_HOST: '127.0.0.1',
      LOOPLINE_LOG_LEVEL: 'warn',
      LOOPLINE_WRITE_KEY: WRITE_KEY,
      LOOPLINE_SECRET_KEY: SECRET_KEY,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

export async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Resident set size of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
