import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempStore } from '../testing/index.ts';
import { memoStorage } from './memo-storage.ts';

test('memoStorage answers each distinct read once, even over a storage whose methods are frozen', async (t) => {
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  let reads = 0;
  const analytics = store.analytics;
  const counted = analytics.stageCounts.bind(analytics);
  // An instrumented storage, as benchmarks make them: a read-only, non-configurable own property.
  Object.defineProperty(analytics, 'stageCounts', {
    value: (ws: number) => {
      reads++;
      return counted(ws);
    },
    writable: false,
    configurable: false,
  });
  const memo = memoStorage(analytics);
  const first = memo.stageCounts(1);
  assert.equal(memo.stageCounts(1), first);
  assert.deepEqual(await first, []);
  await memo.stageCounts(2);
  assert.equal(reads, 2);
  assert.deepEqual(await memo.moves(1, { from: 0, to: 1 }), []);
});
