import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dashboard, noBrowser, screenshot, seriousViolations } from './harness.ts';

type JourneyMap = { stages: { stage: string; customers: number }[] };

describe('dashboard: journey map', { skip: noBrowser }, () => {
  const d = dashboard();

  it('shows the stages as columns with the API numbers, and the stage flow as a Sankey', async () => {
    const people = ['ann', 'bob', 'cy', 'dee'];
    await d().send(
      people.map((userId) => ({ type: 'page', userId, name: 'Home', properties: { path: '/' } })),
    );
    await d().send(
      ['ann', 'bob'].map((userId) => ({
        type: 'track',
        userId,
        event: 'Order Completed',
        properties: { revenue: 25 },
      })),
    );
    const api = await d().call<JourneyMap>('GET', '/api/v1/analytics/journey-map');
    const page = await d().page('viewer@shop.test');
    await page.getByRole('link', { name: 'Journey map' }).click();
    await page.locator('[data-column]').first().waitFor();
    assert.equal(await page.locator('[data-column]').count(), api.stages.length);
    for (const s of api.stages) {
      const text = await page.locator(`[data-column="${s.stage}"]`).textContent();
      assert.match(text!, new RegExp(`${s.customers} customers`), s.stage);
    }
    await page.locator('[role="img"][aria-label^="Sankey"] svg').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'journey-map');
  });
});
