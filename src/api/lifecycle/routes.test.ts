import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { DAY } from '../../core/index.ts';
import { adminApi } from '../../testing/index.ts';

const T = Date.parse('2026-03-01T00:00:00Z');

async function setup(t: TestContext) {
  const api = await adminApi(t, T);
  const track = (userId: string, event: string, properties = {}) =>
    api.send('track', { userId, event, properties });
  return { ...api, track };
}

test('lifecycle as code over the API: a preset, a YAML edit with a dry run, stage history and explanations', async (t) => {
  const { clock, engine, call, track, otherSecret } = await setup(t);
  const none = await call('GET', '/api/v1/lifecycle');
  assert.equal(none.statusCode, 200);
  assert.equal(none.json().version, null);
  assert.ok(none.json().presets.includes('clm-5'));

  const published = await call('PUT', '/api/v1/lifecycle', { preset: 'clm-5' });
  assert.equal(published.statusCode, 200, published.body);
  assert.equal(published.json().version, 1);

  for (const user of ['ann', 'bob', 'cat']) await track(user, 'Order Completed', { revenue: 30 });
  await track('ann', 'Order Completed', { revenue: 50 });
  await engine.runUntilIdle();

  const list = await call('GET', '/api/v1/customers?userId=ann');
  const ann = list.json().items[0];
  assert.deepEqual(ann.stage, { key: 'retention', since: new Date(T).toISOString() });

  const history = await call('GET', `/api/v1/customers/${ann.id}/stages`);
  assert.equal(history.statusCode, 200, history.body);
  assert.deepEqual(
    history
      .json()
      .items.map((m: { from: string | null; to: string; cause: string }) => [m.from, m.to, m.cause]),
    [[null, 'retention', 'event']],
  );

  const explain = (await call('GET', `/api/v1/customers/${ann.id}/explain`)).json();
  assert.equal(explain.stage.key, 'retention');
  assert.ok(
    explain.why.some((f: { passed: boolean; detail: string }) => f.passed && /2 times/.test(f.detail)),
    JSON.stringify(explain.why),
  );
  assert.equal(explain.above[0].stage, 'churned', 'lapse states are checked first');
  assert.ok(explain.above.some((s: { stage: string }) => s.stage === 'advocacy'));

  // Lifecycle as code: the document comes back as YAML, edited, previewed, then published.
  const { document } = (await call('GET', '/api/v1/lifecycle')).json();
  assert.match(document, /performed "Order Completed" at least 2 times in last 365 days/);
  const edited = document.replace('at least 2 times in last 365 days', 'at least 1 time in last 365 days');
  const preview = await call('PUT', '/api/v1/lifecycle?dryRun=true', edited, {
    'content-type': 'application/yaml',
  });
  assert.equal(preview.statusCode, 200, preview.body);
  assert.deepEqual(preview.json().moves, [{ from: 'conversion', to: 'retention', customers: 2 }]);
  assert.equal((await call('GET', '/api/v1/lifecycle')).json().version, 1, 'a dry run publishes nothing');

  const v2 = await call('PUT', '/api/v1/lifecycle', edited, { 'content-type': 'application/yaml' });
  assert.equal(v2.json().version, 2);
  await engine.runUntilIdle();
  const after = (await call('GET', '/api/v1/lifecycle')).json();
  assert.equal(after.recompute.done, 3);
  assert.notEqual(after.recompute.finishedAt, null);
  const bob = (await call('GET', '/api/v1/customers?userId=bob')).json().items[0];
  assert.equal(bob.stage.key, 'retention');
  const bobMoves = (await call('GET', `/api/v1/customers/${bob.id}/stages`)).json().items;
  assert.equal(bobMoves[0].cause, 'model');
  assert.equal(bobMoves[0].modelVersion, 2);

  // Time alone: 90 days without activity puts them at risk.
  clock.advance(91 * DAY);
  await engine.runUntilIdle();
  assert.equal((await call('GET', '/api/v1/customers?userId=bob')).json().items[0].stage.key, 'at_risk');

  // Bad documents are refused with the place of the fault; another workspace sees none of this.
  const bad = await call(
    'PUT',
    '/api/v1/lifecycle',
    'name: x\nstages:\n  - key: a\n    name: A\n    kind: lifecycle\n  - key: b\n    name: B\n    kind: lifecycle\n    rule: performed at least\n',
    { 'content-type': 'application/yaml' },
  );
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.message, /stages\[1\]\.rule/);
  const unknownSegment = await call(
    'PUT',
    '/api/v1/lifecycle',
    'name: x\nstages:\n  - { key: a, name: A, kind: lifecycle }\n  - { key: b, name: B, kind: lifecycle, rule: \'in segment "ghosts"\' }\n',
    { 'content-type': 'application/yaml' },
  );
  assert.equal(unknownSegment.statusCode, 400);
  assert.match(unknownSegment.json().error.message, /segments that do not exist: "ghosts"/);
  const unknownPreset = await call('PUT', '/api/v1/lifecycle', { preset: 'nope' });
  assert.equal(unknownPreset.statusCode, 400);
  assert.match(unknownPreset.json().error.message, /clm-5/);
  const foreign = await call('GET', `/api/v1/customers/${bob.id}/stages`, undefined, {}, otherSecret);
  assert.equal(foreign.statusCode, 404);
  assert.equal((await call('GET', '/api/v1/lifecycle', undefined, {}, otherSecret)).json().version, null);
});
