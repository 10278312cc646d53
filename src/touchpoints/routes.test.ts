import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildServer } from '../app/index.ts';
import { ManualClock } from '../core/index.ts';
import { Engine } from '../engine/index.ts';
import { DEFAULT_IDENTITY_SETTINGS } from '../identity/index.ts';
import { loadPreset } from '../lifecycle/index.ts';
import { tempStore } from '../testing/index.ts';
import { createKey } from '../workspaces/index.ts';

const T = Date.parse('2026-03-01T00:00:00Z');
const config = { ingestQueueMax: 50_000, ingestBatchMax: 5_000, publicUrl: undefined };

test('each stored event carries its channel, touchpoint and the stage it happened in; rules are configurable', async (t) => {
  const temp = await tempStore();
  const clock = new ManualClock(T);
  const server = await buildServer({ config, store: temp.store, clock, engine: false });
  t.after(async () => {
    await server.close();
    await temp.cleanup();
  });
  const ws = await temp.store.createWorkspace('shop', { identity: DEFAULT_IDENTITY_SETTINGS }, T);
  const write = await createKey(temp.store, { workspaceId: ws.id, kind: 'write', name: 'w', now: T });
  const secret = await createKey(temp.store, { workspaceId: ws.id, kind: 'secret', name: 's', now: T });
  await temp.store.engine.publishModel(ws.id, loadPreset('clm-5'), T);
  const app = server.app;
  const basic = `Basic ${Buffer.from(`${write.key}:`).toString('base64')}`;
  const bearer = `Bearer ${secret.key}`;
  const send = async (batch: object[]) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: basic },
      payload: { batch },
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  const timeline = async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/events?internal=false&limit=100',
      headers: { authorization: bearer },
    });
    return (
      res.json().items as { messageId: string; channel: string; touchpoint: string; stage: string | null }[]
    ).reverse();
  };

  await send([
    {
      type: 'page',
      messageId: 'p1',
      anonymousId: 'anon-1',
      name: 'Pricing',
      properties: { path: '/pricing', url: 'https://shop.example/pricing?utm_source=google&utm_medium=cpc' },
      context: {
        page: { path: '/pricing', url: 'https://shop.example/pricing?utm_source=google&utm_medium=cpc' },
      },
    },
    {
      type: 'track',
      messageId: 'o1',
      userId: 'u1',
      anonymousId: 'anon-1',
      event: 'Order Completed',
      properties: { revenue: 20 },
    },
  ]);
  await new Engine(temp.store.engine, clock).runUntilIdle();
  const [landing, order] = await timeline();
  assert.equal(landing?.channel, 'paid_search');
  assert.equal(order?.touchpoint, 'purchase');
  // A newcomer's first events (one pass here) sit in the stage they land in.
  assert.equal(landing?.stage, 'conversion');
  assert.equal(order?.stage, 'conversion');

  await send([
    { type: 'track', messageId: 'o2', userId: 'u1', event: 'Order Completed', properties: { revenue: 5 } },
  ]);
  await new Engine(temp.store.engine, clock).runUntilIdle();
  assert.equal((await timeline()).at(-1)?.stage, 'conversion', 'the second order happened in Conversion');
  const stages = await app.inject({
    method: 'GET',
    url: '/api/v1/customers?userId=u1',
    headers: { authorization: bearer },
  });
  assert.equal(stages.json().items[0].stage.key, 'retention', 'and moved the customer on to Retention');

  // A workspace rule ahead of the defaults; bad rules are refused with their path.
  const rules = { touchpoints: [{ when: { event: 'Order Completed' }, touchpoint: 'checkout_success' }] };
  const put = await app.inject({
    method: 'PUT',
    url: '/api/v1/settings/touchpoints',
    headers: { authorization: bearer },
    payload: rules,
  });
  assert.equal(put.statusCode, 200, put.body);
  const bad = await app.inject({
    method: 'PUT',
    url: '/api/v1/settings/touchpoints',
    headers: { authorization: bearer },
    payload: { touchpoints: [{ when: { colour: 'red' }, touchpoint: 'x' }] },
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.message, /touchpoints\[0\]/);
  clock.advance(10_000); // past the workspace cache
  await send([
    { type: 'track', messageId: 'o3', userId: 'u1', event: 'Order Completed', properties: { revenue: 5 } },
  ]);
  assert.equal((await timeline()).at(-1)?.touchpoint, 'checkout_success');
});
