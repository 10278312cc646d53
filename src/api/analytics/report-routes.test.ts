import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rangeOf } from '../../analytics/index.ts';
import {
  attributionReport,
  cohortReport,
  journeyMapReport,
  lifecycleChartReport,
  stageFlowReport,
} from '../../analytics/reports.ts';
import { DAY, HOUR } from '../../core/index.ts';
import { loadPreset } from '../../lifecycle/index.ts';
import { adminApi } from '../../testing/index.ts';

const START = Date.parse('2026-03-02T10:00:00Z');

test('funnels, dropped customers saved as a segment, cohorts and the other reports over HTTP', async (t) => {
  const { call, send, clock, otherSecret, store, ws } = await adminApi(t, START);
  for (let i = 0; i < 10; i++) {
    await send('track', { userId: `u${i}`, event: 'Product Viewed' });
    if (i < 4)
      await send('track', { userId: `u${i}`, event: 'Order Completed', properties: { revenue: 25 } });
    clock.advance(HOUR);
  }
  const funnel = {
    steps: ['"Product Viewed"', { event: 'Order Completed' }],
    from: '2026-03-01',
    to: '2026-03-03',
  };
  const res = await call('POST', '/api/v1/analytics/funnels', funnel);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(
    res.json().steps.map((s: { customers: number }) => s.customers),
    [10, 4],
  );
  // Served whole through the response schema: times between steps, and no groups without a breakdown.
  assert.equal(res.json().groups, null);
  assert.deepEqual(res.json().steps[1].timeFromPrevious, { count: 4, median: 0, p90: 0 });
  assert.equal(res.json().steps[1].dropOff, 6);
  const csv = await call('POST', '/api/v1/analytics/funnels?format=csv', funnel);
  assert.match(csv.body, /^group,step,customers,/);
  assert.match(csv.body, /\(all\),2,4,0\.4,/);
  const theirs = await call('POST', '/api/v1/analytics/funnels', funnel, {}, otherSecret);
  assert.equal(theirs.json().steps[0].customers, 0);

  const saved = await call('POST', '/api/v1/analytics/funnels/customers', {
    ...funnel,
    reached: 1,
    notReached: 2,
    saveAs: { key: 'browsers', name: 'Viewed, never bought' },
  });
  assert.equal(saved.statusCode, 201, saved.body);
  assert.equal(saved.json().count, 6);
  const segment = await call('GET', '/api/v1/segments/browsers');
  assert.equal(segment.json().size, 6);
  const again = await call('POST', '/api/v1/analytics/funnels/customers', {
    ...funnel,
    reached: 1,
    saveAs: { key: 'browsers', name: 'x' },
  });
  assert.equal(again.statusCode, 409);

  const badStep = await call('POST', '/api/v1/analytics/funnels', {
    ...funnel,
    steps: ['"Product Viewed"', '"Order" [revenue >'],
  });
  assert.equal(badStep.statusCode, 400);
  assert.match(badStep.json().error.message, /^step 2: /);
  const oneStep = await call('POST', '/api/v1/analytics/funnels', { ...funnel, steps: ['"Product Viewed"'] });
  assert.equal(oneStep.statusCode, 400);
  const unknown = await call('POST', '/api/v1/analytics/funnels', { ...funnel, window: 3 });
  assert.equal(unknown.statusCode, 400);

  const cohorts = await call(
    'GET',
    '/api/v1/analytics/cohorts?from=2026-03-01&to=2026-04-01&returnEvent=Order%20Completed&periods=2',
  );
  assert.equal(cohorts.statusCode, 200, cohorts.body);
  assert.deepEqual(cohorts.json().cohorts[0].active, [4, null]);
  const needsEvent = await call('GET', '/api/v1/analytics/cohorts?cohort=first_event');
  assert.equal(needsEvent.statusCode, 400);
  const attribution = await call('GET', '/api/v1/analytics/attribution?from=2026-03-01&to=2026-03-03');
  assert.equal(attribution.json().totals.revenue, 100);
  const table = await cohortReport(
    store,
    ws.id,
    { ...rangeOf({ from: '2026-03-01', to: '2026-04-01', unit: 'month' }, clock.now()), now: clock.now() },
    { cohort: { by: 'first_seen' }, returnEvent: 'Order Completed', periods: 2 },
  );
  assert.deepEqual(cohorts.json(), JSON.parse(JSON.stringify(table)));
  const headers: Record<string, string> = {
    attribution: 'model,dimension,key,conversions,revenue',
    lifecycle: 'label,new,returning,resurrecting,dormant,active',
    'stage-flow': 'period,from,to,count',
    'journey-map': 'stage,touchpoint,events,customers,toNext,toNextRate,toLater,toLaterRate',
  };
  for (const [path, header] of Object.entries(headers)) {
    const r = await call('GET', `/api/v1/analytics/${path}?from=2026-03-01&to=2026-03-03&format=csv`);
    assert.equal(r.body.split('\r\n')[0], header, path);
  }
  const credited = await call(
    'GET',
    '/api/v1/analytics/attribution?from=2026-03-01&to=2026-03-03&format=csv',
  );
  assert.match(credited.body, /\r\nfirst,channel,\(none\),4,100\r\n/);
  const lifecycle = await call('GET', '/api/v1/analytics/lifecycle?from=2026-03-02&to=2026-03-03&unit=day');
  assert.equal(lifecycle.json().periods[0].new, 10);
});

test('each report is served whole, on a workspace with stage moves and touchpoints', async (t) => {
  const { call, send, clock, engine, store, ws } = await adminApi(t, START);
  await store.engine.publishModel(ws.id, loadPreset('clm-5'), START);
  // Six shoppers arrive from a paid search ad; four buy, two of them again a day later (Retention).
  const campaign = { campaign: { source: 'google', medium: 'cpc', name: 'spring' } };
  for (let i = 0; i < 6; i++) {
    await send('track', { userId: `s${i}`, event: 'Product Viewed', context: campaign });
    if (i < 4)
      await send('track', { userId: `s${i}`, event: 'Order Completed', properties: { revenue: 40 } });
    clock.advance(HOUR);
  }
  await engine.runUntilIdle();
  clock.advance(DAY);
  for (const user of ['s0', 's1']) {
    await send('track', { userId: user, event: 'Order Completed', properties: { revenue: 60 } });
  }
  await engine.runUntilIdle();

  const range = {
    ...rangeOf({ from: '2026-03-01', to: '2026-03-05', unit: 'day' }, clock.now()),
    now: clock.now(),
  };
  const flow = await stageFlowReport(store, ws.id, range);
  const map = await journeyMapReport(store, ws.id, range);
  // The data reaches every part of both reports, so the comparisons below see them filled in.
  assert.ok(flow.totals.some((l) => l.from === 'conversion' && l.to === 'retention' && l.count === 2));
  assert.ok(flow.conversion.some((c) => c.entered > 0) && flow.timeInStage.some((s) => s.ended.count > 0));
  const touched = map.stages.flatMap((s) => s.touchpoints);
  assert.ok(
    touched.some((p) => p.toNext > 0 && p.channels.length > 0),
    JSON.stringify(map),
  );
  const direct: Record<string, unknown> = {
    lifecycle: { periods: await lifecycleChartReport(store, ws.id, range) },
    'stage-flow': flow,
    'journey-map': map,
    attribution: await attributionReport(store, ws.id, range, { event: 'Order Completed' }),
  };
  for (const [path, report] of Object.entries(direct)) {
    const unit = path === 'attribution' ? '' : '&unit=day';
    const r = await call('GET', `/api/v1/analytics/${path}?from=2026-03-01&to=2026-03-05${unit}`);
    assert.equal(r.statusCode, 200, `${path}: ${r.body}`);
    // Served whole: the response schemas drop or retype nothing the report computes.
    assert.deepEqual(r.json(), JSON.parse(JSON.stringify(report)), path);
  }
});
