import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dashboard, noBrowser, screenshot, seriousViolations } from './harness.ts';

describe('dashboard: settings, keys and roles', { skip: noBrowser }, () => {
  const d = dashboard();

  it('an admin creates a key, sees it once, and it works; rotation replaces it', async () => {
    const page = await d().page('admin@shop.test');
    await page.goto('/settings?tab=keys');
    await page.getByLabel('Kind').selectOption('secret');
    await page.getByLabel('Name').fill('reporting');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('new-key');
    await shown.waitFor();
    const key = (await shown.textContent())!;
    assert.match(key, /^ll_sk_/);
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'settings-keys');
    const res = await fetch(`${d().base}/api/v1/customers`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(res.status, 200);

    await page.reload();
    await page.getByRole('cell', { name: 'reporting', exact: true }).waitFor();
    assert.equal(await page.getByTestId('new-key').count(), 0, 'shown once only');
    assert.ok(!(await page.content()).includes(key));
    await page.getByRole('button', { name: /Rotate key reporting/ }).click();
    await page.getByTestId('new-key').waitFor();
    const old = await fetch(`${d().base}/api/v1/customers`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(old.status, 401, 'the rotated key stopped working');
  });

  it('an admin adds a user and changes their role', async () => {
    const page = await d().page('admin@shop.test');
    await page.goto('/settings?tab=users');
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Email').fill('new@shop.test');
    await form.locator('select[name="role"]').selectOption('editor');
    await form.getByLabel('Password (new accounts)').fill('a fine long password');
    await form.getByRole('button', { name: 'Add user' }).click();
    const role = page.getByLabel('Role of new@shop.test');
    await role.waitFor();
    assert.equal(await role.inputValue(), 'editor');
    await role.selectOption('viewer');
    await page.waitForFunction(async () => {
      const res = await fetch('/api/v1/users');
      const { items } = (await res.json()) as { items: { email: string; role: string }[] };
      return items.find((u) => u.email === 'new@shop.test')?.role === 'viewer';
    });
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'settings-users');
  });

  it('a viewer reads but cannot create a key, in the page and at the API', async () => {
    const page = await d().page('viewer@shop.test');
    await page.goto('/settings?tab=keys');
    await page.getByText('API keys need the admin role; you are viewer').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create key' }).count(), 0);
    await screenshot(page, 'settings-viewer');
    // The same request the page would make, with the viewer's own cookie and CSRF token.
    const answer = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const res = await fetch('/api/v1/keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ kind: 'secret', name: 'sneaky' }),
      });
      return { status: res.status, body: (await res.json()) as { error: { message: string } } };
    });
    assert.equal(answer.status, 403);
    assert.match(answer.body.error.message, /needs the admin role/);
    const segment = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const res = await fetch('/api/v1/segments', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ key: 'x', name: 'X', rule: 'always' }),
      });
      return res.status;
    });
    assert.equal(segment, 403, 'no edit of any kind');
  });

  it('a request with the cookie but without the CSRF token is refused', async () => {
    const page = await d().page('admin@shop.test');
    const status = await page.evaluate(async () => {
      const res = await fetch('/api/v1/keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'write', name: 'forged' }),
      });
      return res.status;
    });
    assert.equal(status, 403);
    const keys = await d().call<{ items: { name: string }[] }>('GET', '/api/v1/keys');
    assert.ok(!keys.items.some((k) => k.name === 'forged'));
  });

  it('the workspace tab reads for everyone', async () => {
    const page = await d().page('viewer@shop.test');
    await page.goto('/settings');
    await page.getByText('default').first().waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'settings-workspace');
  });
});
