import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dashboard, noBrowser, screenshot, seriousViolations } from './harness.ts';

type Overview = { stages: { key: string; name: string; customers: number }[]; kpis: { id: string }[] };

describe('dashboard: overview', { skip: noBrowser }, () => {
  const d = dashboard();

  it('an empty workspace teaches the first event, with snippets for this server', async () => {
    const page = await d().page('viewer@shop.test');
    await page.getByRole('heading', { name: 'Send your first event' }).waitFor();
    const guide = await page.locator('.guide').textContent();
    assert.match(guide!, new RegExp(`curl -u 'WRITE_KEY:'.*${d().base}/v1/track`, 's'));
    assert.match(guide!, /@segment\/analytics-node/);
    assert.match(guide!, /AnalyticsBrowser\.load/);
    assert.equal(
      await page.getByRole('button', { name: /Make a write key/ }).count(),
      0,
      'only admins make keys',
    );
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'overview-empty');
  });

  it('shows the customers per stage the API counts, and KPI formulas on focus', async () => {
    const people = ['ann', 'bob', 'cy', 'dee', 'eve', 'fay'];
    await d().send(
      people.map((userId) => ({ type: 'identify', userId, traits: { email: `${userId}@shop.test` } })),
    );
    await d().send(
      ['bob', 'cy', 'dee'].map((userId) => ({
        type: 'track',
        userId,
        event: 'Order Completed',
        properties: { revenue: 40 },
      })),
    );
    const api = await d().call<Overview>('GET', '/api/v1/analytics/overview');
    assert.equal(
      api.stages.reduce((n, s) => n + s.customers, 0),
      people.length,
    );
    const page = await d().page('viewer@shop.test');
    await page.locator('[data-stage]').first().waitFor();
    for (const stage of api.stages) {
      const shown = await page.locator(`[data-stage="${stage.key}"] .count`).textContent();
      assert.equal(Number(shown), stage.customers, `${stage.name}: the page says ${shown}`);
    }
    assert.ok(api.stages.filter((s) => s.customers > 0).length >= 2, 'people are spread over stages');

    const card = page.locator('[data-kpi]').first();
    await card.getByRole('button', { name: 'How is it counted?' }).focus();
    const tooltip = card.getByRole('tooltip');
    await tooltip.waitFor({ state: 'visible' });
    assert.ok((await tooltip.textContent())!.length > 10);

    await page.getByRole('heading', { name: 'What moved today' }).waitFor();
    type Flow = { totals: { count: number }[] };
    const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
    const moves = await d().call<Flow>('GET', `/api/v1/analytics/stage-flow?from=${today}&unit=day`);
    assert.ok(moves.totals.length > 0, 'the sends moved people today');
    await page.locator('.moves li').first().waitFor();
    assert.equal(await page.locator('.moves li').count(), moves.totals.length);
    await page.locator('.chart svg').first().waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'overview');
  });

  it('the range is in the URL, so a link opens the same view', async () => {
    const page = await d().page('viewer@shop.test');
    await page.getByRole('link', { name: 'Last 90 days' }).click();
    await page.waitForURL(/range=90d/);
    await page.reload();
    assert.ok(
      await page.getByRole('link', { name: 'Last 90 days' }).getAttribute('aria-current'),
      'marked current',
    );
    assert.equal(await page.getByRole('link', { name: 'Last 30 days' }).getAttribute('aria-current'), null);
    assert.equal(await page.locator('.filters select').inputValue(), 'week');
  });

  it('a stage count opens the people behind it', async () => {
    const api = await d().call<Overview>('GET', '/api/v1/analytics/overview');
    const stage = api.stages.find((s) => s.customers > 0)!;
    const page = await d().page('viewer@shop.test');
    await page.locator(`[data-stage="${stage.key}"] a`).click();
    await page.waitForURL(new RegExp(`/customers\\?stage=${stage.key}`));
    await page.locator('[data-customer]').first().waitFor();
    assert.equal(await page.locator('[data-customer]').count(), stage.customers);
  });
});
