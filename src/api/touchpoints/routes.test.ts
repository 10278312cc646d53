import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPreset } from '../../lifecycle/index.ts';
import { adminApi } from '../../testing/index.ts';

const T = Date.parse('2026-03-01T00:00:00Z');

test('each stored event carries its channel, touchpoint and the stage it happened in; rules are configurable', async (t) => {
  const { app, store, ws, engine, clock, writeKey, secretKey } = await adminApi(t, T);
  await store.engine.publishModel(ws.id, loadPreset('clm-5'), T);
  const basic = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
  const bearer = `Bearer ${secretKey}`;
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
  await engine.runUntilIdle();
  const [landing, order] = await timeline();
  assert.equal(landing?.channel, 'paid_search');
  assert.equal(order?.touchpoint, 'purchase');
  // A newcomer's first events (one pass here) sit in the stage they land in.
  assert.equal(landing?.stage, 'conversion');
  assert.equal(order?.stage, 'conversion');

  await send([
    { type: 'track', messageId: 'o2', userId: 'u1', event: 'Order Completed', properties: { revenue: 5 } },
  ]);
  await engine.runUntilIdle();
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
