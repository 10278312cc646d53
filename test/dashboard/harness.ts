import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildServer, DEFAULT_WEB_DIST, ensureDefaultWorkspace } from '../../src/app/index.ts';
import { ManualClock } from '../../src/core/index.ts';
import { engineWithJourneys, SqliteStore } from '../../src/storage/index.ts';
import { addMember, type Role } from '../../src/users/index.ts';

/** Debian's Chromium; playwright-core is pinned to the release whose Chromium major matches it (156). */
export const CHROMIUM = '/usr/bin/chromium';
export const PASSWORD = 'correct horse battery';
export const WRITE_KEY = 'll_wk_dashboard_test_key_0001';
export const SECRET_KEY = 'll_sk_dashboard_test_key_0001';
const SCREENSHOTS = path.resolve(import.meta.dirname, '../screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Why the browser tests cannot run here, or false. `.ci/run` installs Chromium, so CI never skips. */
export const noBrowser = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;

export type Dashboard = {
  base: string;
  store: SqliteStore;
  clock: ManualClock;
  browser: Browser;
  /** Sends Segment messages through /v1 and runs the lifecycle engine until it has placed everyone. */
  send(messages: Record<string, unknown>[]): Promise<void>;
  /** An admin API call with the secret key, to compare what the pages show with what the API says. */
  call<T>(method: string, url: string, body?: unknown): Promise<T>;
  /** A fresh browser context (its own cookies) signed in as `email`, or at the sign-in page with none. */
  page(email?: string): Promise<Page>;
};

/**
 * One server on a fresh SQLite file in a temp dir (the built dashboard, a manual clock, the engine
 * stepped by the test) and one Chromium, for every test of the calling file; users admin@, editor@ and
 * viewer@shop.test. Pages may only reach the server: any other request is aborted.
 */
export function dashboard(): () => Dashboard {
  let current: Dashboard | undefined;
  let cleanup = async () => {};
  before(async () => {
    // The tests run against the app as shipped: build it if the sources changed since the last build.
    execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../web/build.ts'), '--if-stale'], {
      stdio: 'inherit',
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'loopline-dashboard-'));
    const store = new SqliteStore(path.join(dir, 'loopline.db'));
    await store.migrate();
    const clock = new ManualClock(Date.now());
    const boot = await ensureDefaultWorkspace(store, clock, { writeKey: WRITE_KEY, secretKey: SECRET_KEY });
    const roles: [string, Role][] = [
      ['admin@shop.test', 'admin'],
      ['editor@shop.test', 'editor'],
      ['viewer@shop.test', 'viewer'],
    ];
    for (const [email, role] of roles)
      await addMember(store.users, {
        email,
        password: PASSWORD,
        role,
        workspaceId: boot.workspace.id,
        now: clock.now(),
      });
    const server = await buildServer({
      config: { ingestQueueMax: 10_000, ingestBatchMax: 1_000, publicUrl: undefined },
      store,
      clock,
      logger: false,
      engine: false,
      webDist: DEFAULT_WEB_DIST,
    });
    const { engine } = engineWithJourneys(store, clock);
    const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const contexts: BrowserContext[] = [];
    cleanup = async () => {
      for (const c of contexts) await c.close();
      await browser.close();
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
    const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
      const res = await server.app.inject({
        method: method as 'GET',
        url,
        payload: body as never,
        headers: { authorization: `Bearer ${SECRET_KEY}` },
      });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json() as T;
    };
    current = {
      base,
      store,
      clock,
      browser,
      call,
      async send(messages) {
        const res = await server.app.inject({
          method: 'POST',
          url: '/v1/batch',
          headers: { authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}` },
          payload: { batch: messages.map((m) => ({ timestamp: new Date(clock.now()).toISOString(), ...m })) },
        });
        if (res.statusCode !== 200) throw new Error(`batch refused: ${res.body}`);
        await engine.runUntilIdle();
        // A second passes, so reports that end now (exclusive) include what just happened.
        clock.advance(1_000);
      },
      async page(email) {
        const context = await browser.newContext({ baseURL: base, colorScheme: 'light' });
        contexts.push(context);
        // Tests talk to this server only: anything else (a CDN, a font) is refused, not fetched.
        await context.route('**/*', (route) =>
          new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
        );
        const page = await context.newPage();
        await page.goto('/sign-in');
        if (email) await signIn(page, email);
        return page;
      },
    };
  });
  after(() => cleanup());
  return () => current!;
}

/** Fills in the sign-in form and waits for the app's navigation. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** The serious and critical accessibility violations axe-core finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{
            violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Saves a full-page screenshot into test/screenshots/ (ignored by git), one per page and theme. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
