import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rangeOf } from '../../analytics/index.ts';
import { kpiReport, selectKpis } from '../../analytics/kpi-report.ts';
import { overviewReport } from '../../analytics/overview.ts';
import { HOUR } from '../../core/index.ts';
import { adminApi } from '../../testing/index.ts';

const START = Date.parse('2026-03-02T10:00:00Z');

test('KPIs, the stage overview, analytics settings and predictions over HTTP', async (t) => {
  const { call, send, clock, engine, otherSecret, store, ws } = await adminApi(t, START);
  const published = await call('PUT', '/api/v1/lifecycle', { preset: 'clm-5' });
  assert.equal(published.statusCode, 200, published.body);
  for (let i = 0; i < 8; i++) {
    await send('track', { userId: `u${i}`, event: 'Product Viewed' });
    if (i < 2)
      await send('track', { userId: `u${i}`, event: 'Order Completed', properties: { revenue: 30 } });
    clock.advance(HOUR);
  }
  for (let i = 0; i < 50 && !(await engine.step()).idle; i++);
  const range = 'from=2026-03-01&to=2026-03-03';

  const kpis = await call('GET', `/api/v1/analytics/kpis?${range}&ids=orders,revenue,aov&unit=day`);
  assert.equal(kpis.statusCode, 200, kpis.body);
  const byId = Object.fromEntries(
    kpis.json().items.map((k: { id: string; value: number }) => [k.id, k.value]),
  );
  assert.deepEqual(byId, { orders: 2, revenue: 60, aov: 30 });
  assert.equal(kpis.json().items[0].series.length, 2);
  // Every field of the report, breakdowns included, survives the response schema.
  const withBreakdown = await call(
    'GET',
    `/api/v1/analytics/kpis?${range}&ids=orders,cac,traffic_by_channel`,
  );
  const computed = await kpiReport(
    store,
    ws.id,
    { ...rangeOf({ from: '2026-03-01', to: '2026-03-03' }, clock.now()), now: clock.now() },
    selectKpis({ ids: 'orders,cac,traffic_by_channel' }),
  );
  assert.ok(computed.items.some((k) => k.breakdown !== undefined));
  assert.deepEqual(withBreakdown.json(), JSON.parse(JSON.stringify(computed)));
  const csv = await call('GET', `/api/v1/analytics/kpis?${range}&ids=orders&format=csv`);
  assert.match(csv.body, /^kpi,unit,period,value\r\norders,count,\(range\),2\r\n/);
  const conversion = await call('GET', `/api/v1/analytics/kpis?${range}&stage=conversion`);
  assert.ok(conversion.json().items.every((k: { id: string }) => k.id !== 'reach'));
  assert.equal((await call('GET', `/api/v1/analytics/kpis?ids=nope`)).statusCode, 400);
  assert.equal((await call('GET', `/api/v1/analytics/kpis?ids=stage_flow`)).statusCode, 400);
  assert.equal((await call('GET', `/api/v1/analytics/kpis?stage=nowhere`)).statusCode, 400);
  const catalog = await call('GET', '/api/v1/analytics/kpis/catalog');
  assert.ok(
    catalog
      .json()
      .items.some((k: { id: string; formula: string }) => k.id === 'nps' && k.formula.length > 20),
  );

  const overview = await call('GET', `/api/v1/analytics/overview?${range}`);
  assert.equal(overview.statusCode, 200, overview.body);
  const stages = overview.json().stages as { key: string; customers: number; entered: number }[];
  assert.equal(
    stages.reduce((sum, s) => sum + s.customers, 0),
    8,
  );
  assert.equal(stages.reduce((sum, s) => sum + s.entered, 0) >= 8, true);
  assert.ok(
    overview.json().kpis.some((k: { id: string; value: number }) => k.id === 'revenue' && k.value === 60),
  );
  // The response schema serializes every field the report computes, nothing dropped or retyped.
  const direct = await overviewReport(store, ws.id, {
    ...rangeOf({ from: '2026-03-01', to: '2026-03-03' }, clock.now()),
    now: clock.now(),
  });
  assert.deepEqual(overview.json(), JSON.parse(JSON.stringify(direct)));
  const docs = (await call('GET', '/api/openapi.json')).json();
  const described = docs.paths['/api/v1/analytics/overview'].get.responses['200'];
  assert.ok(JSON.stringify(described).includes('toNextRate'), 'the overview response is in the OpenAPI');
  const theirs = await call('GET', `/api/v1/analytics/overview?${range}`, undefined, {}, otherSecret);
  assert.equal(theirs.json().stages.length, 0);

  const bad = await call('PUT', '/api/v1/settings/analytics', { purchaseEvent: 7 });
  assert.equal(bad.statusCode, 400);
  const put = await call('PUT', '/api/v1/settings/analytics', { purchaseEvent: 'Product Viewed' });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual((await call('GET', '/api/v1/settings/analytics')).json().settings, {
    purchaseEvent: 'Product Viewed',
  });
  const moved = await call('GET', `/api/v1/analytics/kpis?${range}&ids=orders`);
  assert.equal(moved.json().items[0].value, 8, 'orders follow the configured purchase event');

  assert.deepEqual((await call('GET', '/api/v1/analytics/predictions')).json(), { fit: null });
  const fit = await call('POST', '/api/v1/analytics/predictions/fit', {});
  assert.equal(fit.statusCode, 400);
  assert.match(fit.json().error.message, /came back for another/);

  // A customer shows the predictions a fit stored for them.
  const u0 = (await call('GET', '/api/v1/customers?userId=u0')).json().items[0].id;
  await store.analytics.writePredictions(ws.id, [{ c: u0, p: { p_alive: 0.25, clv: 80 } }], clock.now());
  assert.deepEqual((await call('GET', `/api/v1/customers/${u0}`)).json().predictions, {
    p_alive: 0.25,
    clv: 80,
  });
  const u1 = (await call('GET', '/api/v1/customers?userId=u1')).json().items[0].id;
  assert.deepEqual((await call('GET', `/api/v1/customers/${u1}`)).json().predictions, {});
});
