import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { dashboard, noBrowser, screenshot, seriousViolations } from './harness.ts';

type Explanation = { stage: { name: string } | null; why: { text: string }[] };

describe('dashboard: customers and segments', { skip: noBrowser }, () => {
  const d = dashboard();
  before(async () => {
    await d().call('POST', '/api/v1/segments', {
      key: 'buyers',
      name: 'Buyers',
      rule: 'performed "Order Completed" at least 1 times',
    });
    await d().send([
      { type: 'identify', userId: 'ann', traits: { email: 'ann@shop.test', plan: 'pro' } },
      { type: 'identify', userId: 'bob', traits: { email: 'bob@shop.test', plan: 'free' } },
      ...Array.from({ length: 130 }, (_, i) => ({ type: 'identify', userId: `bulk-${i}` })),
    ]);
    await d().send([{ type: 'track', userId: 'ann', event: 'Order Completed', properties: { revenue: 30 } }]);
  });

  it('finds a customer by email and opens the profile with the stage explained', async () => {
    const page = await d().page('viewer@shop.test');
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByLabel('Search by').selectOption('email');
    await page.getByLabel('Search for').fill('ann@shop.test');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/by=email/);
    await page.waitForURL(/q=ann/);
    const rows = page.locator('[data-customer]');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    await page.getByRole('link', { name: 'ann' }).click();
    await page.getByRole('heading', { name: 'ann@shop.test' }).waitFor();

    const id = new URL(page.url()).pathname.split('/').at(-1);
    const api = await d().call<Explanation>('GET', `/api/v1/customers/${id}/explain`);
    const explanation = page.getByTestId('explanation');
    await explanation.waitFor();
    const text = (await explanation.textContent())!;
    assert.ok(api.stage && text.includes(`In ${api.stage.name}`), text);
    for (const fact of api.why) assert.ok(text.includes(fact.text), `shows "${fact.text}"`);
    await page.getByRole('link', { name: 'Buyers' }).waitFor();
    assert.match((await page.locator('section', { hasText: 'Traits' }).textContent())!, /plan\s*pro/);
    await page.getByText('Order Completed').first().waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'customer-profile');
  });

  it('lists every customer a page at a time from the server, by trait too', async () => {
    const page = await d().page('viewer@shop.test');
    await page.goto('/customers');
    const rows = page.locator('[data-customer]');
    await page.getByText('100 shown, more to load').waitFor();
    await page.getByRole('button', { name: 'Load 100 more' }).click();
    await page.getByText('132 shown').waitFor();
    assert.ok((await rows.count()) < 132, 'the virtual list keeps only the rows in view in the page');
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'customers');

    await page.goto('/customers?by=trait&q=plan%3Afree');
    await page.getByText('1 shown').waitFor();
    assert.equal(await page.locator('[data-customer]').count(), 1);
  });

  it('segments: sizes, members, and a viewer cannot make one', async () => {
    const page = await d().page('viewer@shop.test');
    await page.goto('/segments');
    const row = page.locator('[data-segment="buyers"]');
    await row.waitFor();
    assert.match((await row.textContent())!, /Buyers.*1$/);
    assert.equal(await page.getByRole('button', { name: 'New segment' }).count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'segments');
    await page.getByRole('link', { name: 'Buyers' }).click();
    await page.getByRole('link', { name: /See its 1 members/ }).click();
    await page.locator('[data-customer]').first().waitFor();
    assert.equal(await page.locator('[data-customer]').count(), 1);
    assert.equal(await page.getByLabel('Segment').inputValue(), 'buyers');
  });

  it('an editor makes a segment and sees its size', async () => {
    const page = await d().page('editor@shop.test');
    await page.goto('/segments');
    await page.getByRole('button', { name: 'New segment' }).click();
    await page.getByLabel('Key (letters, digits, _)').fill('pro_plan');
    await page.getByLabel('Name').fill('Pro plan');
    await page.getByLabel('Rule').fill('trait plan = "pro"');
    await page.getByRole('button', { name: 'Create' }).click();
    const row = page.locator('[data-segment="pro_plan"]');
    await row.waitFor();
    const api = await d().call<{ size: number }>('GET', '/api/v1/segments/pro_plan');
    assert.equal((await row.locator('td').last().textContent())?.trim(), String(api.size));
  });
});
