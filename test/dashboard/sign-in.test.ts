import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { dashboard, noBrowser, screenshot, seriousViolations, signIn } from './harness.ts';

// Evaluated in the page (a string: this project's types have no DOM).
const bodyBackground = (page: Page) =>
  page.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;

describe('dashboard: sign-in and theme', { skip: noBrowser }, () => {
  const d = dashboard();

  it('a wrong password is refused in words; the right one signs in and signs out again', async () => {
    const page = await d().page();
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'sign-in');
    await page.getByLabel('Email').fill('admin@shop.test');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(
      await page.getByRole('alert').textContent(),
      'That email and password do not match an account.',
    );
    assert.equal(new URL(page.url()).pathname, '/sign-in');

    await signIn(page, 'admin@shop.test');
    assert.equal(new URL(page.url()).pathname, '/');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'loopline_session')!;
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');

    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto('/customers');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(
      new URL(page.url()).searchParams.get('redirect'),
      '/customers',
      'back there after signing in',
    );
  });

  it('a page opened without a session asks to sign in, then returns to it', async () => {
    const page = await d().page();
    await page.goto('/settings?tab=users');
    await signIn(page, 'viewer@shop.test');
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/settings?tab=users');
  });

  it('the theme follows the system and the toggle switches it, kept across reloads', async () => {
    const page = await d().page('editor@shop.test');
    const background = () => bodyBackground(page);
    const light = await background();
    await page.getByRole('button', { name: 'Dark theme' }).click();
    assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
    const dark = await background();
    assert.notEqual(dark, light);
    await page.reload();
    await page.getByRole('button', { name: 'Light theme' }).waitFor();
    assert.equal(await background(), dark);
    assert.deepEqual(await seriousViolations(page), [], 'dark theme contrast too');
    await screenshot(page, 'overview-dark');

    const system = await d().browser.newContext({ baseURL: d().base, colorScheme: 'dark' });
    const fresh = await system.newPage();
    await fresh.goto('/sign-in');
    assert.equal(await bodyBackground(fresh), dark, 'follows the system');
    await system.close();
  });
});
