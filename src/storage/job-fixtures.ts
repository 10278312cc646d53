import { after, before } from 'node:test';
import type { NewJob } from '../jobs/index.ts';
import type { Workspace } from '../workspaces/index.ts';
import type { Store } from './index.ts';
import { type Adapter, type Harness, newWorkspace } from './test-support.ts';

/** Fixtures the jobs suites share: a migrated store per adapter and jobs to put in it. */

/** Midnight of 2026-01-01: every time in the jobs suites counts from here, by hand. */
export const T0 = Date.parse('2026-01-01T00:00:00Z');

export type JobSuite = { harness: Harness; store: Store; ws: Workspace };

/** Opens and migrates the adapter's store before the suite, closes and drops it after. */
export function useJobStore(adapter: Adapter): JobSuite {
  const suite = {} as JobSuite;
  before(async () => {
    suite.harness = adapter.make();
    suite.store = suite.harness.open();
    await suite.store.migrate();
    suite.ws = await newWorkspace(suite.store);
  });
  after(async () => {
    await suite.store?.close();
    await suite.harness?.cleanup();
  });
  return suite;
}

let kindSeq = 0;

/** A kind of its own for one test: claims are by kind, so tests sharing a store never take each other's jobs. */
export const freshKind = (name: string) => `test.${name}-${++kindSeq}`;

/** A job of `kind` in `ws` due at `runAt`. */
export const job = (
  ws: Workspace,
  kind: string,
  key: string,
  runAt: number,
  extra: Partial<NewJob> = {},
) => ({
  workspaceId: ws.id,
  kind,
  key,
  runAt,
  ...extra,
});
