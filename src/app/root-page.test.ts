import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../core/index.ts';
import { tempStore } from '../testing/index.ts';
import { buildServer } from './build-server.ts';
import { firstRunGuide } from './first-run-guide.ts';
import { ensureDefaultWorkspace } from './index.ts';

test('the root page guides a newcomer without ever showing a key', async (t) => {
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const clock = new ManualClock();
  const boot = await ensureDefaultWorkspace(store, clock, {});
  const server = await buildServer({
    config: { ingestQueueMax: 1_000, ingestBatchMax: 100, publicUrl: undefined },
    store,
    clock,
    logger: false,
    engine: false,
  });
  t.after(() => server.close());
  const response = await server.app.inject({ url: '/', headers: { host: 'crm.example:7300' } });
  assert.equal(response.statusCode, 200);
  const page = response.body;
  for (const { key } of boot.created) assert.ok(!page.includes(key));
  assert.doesNotMatch(page, /ll_(wk|sk)_/);
  // Snippets for curl, analytics-node and analytics.js, aimed at this server, with a placeholder key.
  assert.match(page, /curl -u &#39;WRITE_KEY:&#39;/);
  assert.match(page, /@segment\/analytics-node/);
  assert.match(page, /AnalyticsBrowser\.load/);
  assert.match(page, /http:\/\/crm\.example:7300\/v1\/track/);
  assert.match(page, /keys create --kind write/);
  assert.match(page, /lifecycle apply cjm-5 --dry-run/);
  assert.match(page, /import --cdnow/);
  const hostile = await server.app.inject({ url: '/', headers: { host: 'x"><script>alert(1)</script>' } });
  assert.doesNotMatch(hostile.body, /<script>alert/);
});

test('the terminal guide carries the keys it was given, or says how to get one', () => {
  const known = firstRunGuide({
    url: 'http://localhost:7300',
    writeKey: 'll_wk_abc',
    secretKey: 'll_sk_def',
    workspace: 'demo',
  });
  assert.match(known, /curl -u 'll_wk_abc:'/);
  assert.match(known, /writeKey: 'll_wk_abc'/);
  assert.match(known, /Bearer ll_sk_def/);
  assert.match(known, /lifecycle apply cjm-5 --workspace demo --dry-run/);
  const unknown = firstRunGuide({ url: 'http://localhost:7300' });
  assert.match(unknown, /WRITE_KEY/);
  assert.match(unknown, /loopline keys create --kind write/);
});
