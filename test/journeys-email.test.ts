/**
 * Journeys end to end with real email: the server (buildServer) on each store, a real SMTP server
 * (smtp-server) on loopback as LOOPLINE_SMTP_URL, events through /v1, and an injected clock that the
 * test moves; the engine and the jobs are stepped by hand so each step is exact.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildServer, type Server } from '../src/app/index.ts';
import { headerOf, startSmtpServer } from '../src/channels/testing.ts';
import { DAY, HOUR, ManualClock, MINUTE } from '../src/core/index.ts';
import { DEFAULT_IDENTITY_SETTINGS } from '../src/identity/index.ts';
import { engineWithJourneys, type OpenStore } from '../src/storage/index.ts';
import { type Harness, storeAdapters } from '../src/storage/test-support.ts';
import { createKey } from '../src/workspaces/index.ts';

const START = Date.parse('2027-04-05T08:00:00Z');

const adapters = (await storeAdapters()).filter((a) => a.name !== 'sqlite (writer thread)');

for (const adapter of adapters) {
  describe(`journeys send email on ${adapter.name}`, { skip: adapter.skip }, () => {
    let harness: Harness;
    let store: OpenStore;
    let server: Server;
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    const clock = new ManualClock(START);
    let engine: ReturnType<typeof engineWithJourneys>['engine'];
    let secret = '';
    let write = '';

    before(async () => {
      smtp = await startSmtpServer();
      harness = adapter.make();
      store = harness.open();
      await store.migrate();
      server = await buildServer({
        config: {
          ingestQueueMax: 10_000,
          ingestBatchMax: 1_000,
          publicUrl: 'https://loop.shop.example',
          smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
        },
        store,
        clock,
        engine: false,
        runJobs: false,
        logger: false,
      });
      engine = engineWithJourneys(store, clock).engine;
      const ws = await store.workspaces.create('shop', { identity: DEFAULT_IDENTITY_SETTINGS }, START);
      secret = (await createKey(store, { workspaceId: ws.id, kind: 'secret', name: 's', now: START })).key;
      write = (await createKey(store, { workspaceId: ws.id, kind: 'write', name: 'w', now: START })).key;
      await server.app
        .inject({
          method: 'PUT',
          url: '/api/v1/settings/messaging',
          headers: { authorization: `Bearer ${secret}` },
          payload: { from: 'Shop <hello@shop.example>', sendingDomain: 'shop.example' },
        })
        .then((r) => assert.equal(r.statusCode, 200, r.body));
    });
    after(async () => {
      await server.close();
      await store.close();
      await harness.cleanup();
      await smtp.close();
    });

    const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const res = await server.app.inject({
        method,
        url,
        payload: payload as never,
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const v1 = async (type: 'track' | 'identify', body: Record<string, unknown>) => {
      const res = await server.app.inject({
        method: 'POST',
        url: `/v1/${type}`,
        headers: { authorization: `Basic ${Buffer.from(`${write}:`).toString('base64')}` },
        payload: { ...body, timestamp: new Date(clock.now()).toISOString() },
      });
      assert.equal(res.statusCode, 200, res.body);
    };
    /** What a server does as time passes: the engine takes the events in, then every due job runs. */
    const settle = async () => {
      for (let i = 0; i < 5; i++) {
        await engine.runUntilIdle();
        if ((await server.runDueJobs()) === 0) return;
      }
    };
    const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
    const subjects = (address: string) => mailTo(address).map((m) => headerOf(m.raw, 'Subject'));

    async function live(template: string): Promise<number> {
      const created = await api('POST', '/api/v1/journeys', { template });
      await api('POST', `/api/v1/journeys/${created.id}/publish`);
      return created.id;
    }

    test('the welcome series: personalised at once, the next after its wait; a one-click unsubscribe stops that topic', async () => {
      const welcome = await live('welcome');
      await v1('identify', { userId: 'ann', traits: { email: 'ann@mail.example', firstName: 'Ann' } });
      await v1('track', { userId: 'ann', event: 'Signed Up', properties: { plan: 'pro' } });
      await settle();
      assert.deepEqual(subjects('ann@mail.example'), ['Welcome, Ann!']);
      const [hello] = mailTo('ann@mail.example');
      assert.match(hello!.raw, /for the pro plan/);
      assert.equal(headerOf(hello!.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      const unsubscribe = /<(https:\/\/loop\.shop\.example\/m\/u\/[^>]+)>/.exec(
        headerOf(hello!.raw, 'List-Unsubscribe') ?? '',
      )?.[1];
      assert.ok(unsubscribe, headerOf(hello!.raw, 'List-Unsubscribe'));
      assert.match(headerOf(hello!.raw, 'Message-ID') ?? '', /^<.+@shop\.example>$/);

      // One click from the mail's header (RFC 8058), no cookie, no redirect: no more onboarding mail.
      const res = await server.app.inject({
        method: 'POST',
        url: new URL(unsubscribe).pathname,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      assert.equal(res.statusCode, 200, res.body);

      // Nothing until the two days' wait is over; then the tips (onboarding) are skipped, recorded as such.
      clock.advance(2 * DAY - MINUTE);
      await settle();
      assert.equal(mailTo('ann@mail.example').length, 1);
      clock.advance(MINUTE);
      await settle();
      assert.equal(mailTo('ann@mail.example').length, 1);
      const log = await api('GET', '/api/v1/messages?template=welcome-tips');
      assert.deepEqual(
        log.items.map((m: { status: string; skipReason: string }) => [m.status, m.skipReason]),
        [['skipped', 'unsubscribed']],
      );
      // The offer is a promotion: another topic, still wanted.
      clock.advance(4 * DAY);
      await settle();
      assert.deepEqual(subjects('ann@mail.example'), ['Welcome, Ann!', 'Ann, 10% off your first order']);

      const stats = await api('GET', `/api/v1/journeys/${welcome}/stats`);
      const counts = Object.fromEntries(
        stats.messages.map((m: { nodeId: string; sent: number; skipped: number }) => [
          m.nodeId,
          [m.sent, m.skipped],
        ]),
      );
      assert.deepEqual(counts, { hello: [1, 0], tips: [0, 1], offer: [1, 0] });
      assert.equal(stats.ended.completed, 1);
      const csv = await server.app.inject({
        method: 'GET',
        url: `/api/v1/journeys/${welcome}/stats?format=csv`,
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.match(csv.headers['content-type'] as string, /^text\/csv/);
      assert.match(csv.body, /^version,node,variant,waiting,sent,delivered,opened,clicked,/);
      assert.match(csv.body, /\r\n1,hello,,0,1,/);
    });

    test('an abandoned cart mails only those who did not buy, after the timeout', async () => {
      const cart = await live('abandoned-cart');
      const people = ['bo', 'cy', 'di', 'ed', 'fay', 'gil'];
      for (const p of people) {
        await v1('identify', { userId: p, traits: { email: `${p}@mail.example` } });
        await v1('track', { userId: p, event: 'Product Added', properties: { name: 'Lamp', price: 40 } });
      }
      await settle();
      clock.advance(HOUR);
      for (const p of ['bo', 'cy'])
        await v1('track', { userId: p, event: 'Order Completed', properties: { revenue: 40 } });
      await settle();
      clock.advance(3 * HOUR);
      await settle();
      // The holdout (a tenth of entrants, drawn per entry) gets nothing: it is what the journey is measured against.
      const entries = (await api('GET', `/api/v1/journeys/${cart}/stats`)) as { holdout: number };
      const mailed = people.filter((p) =>
        subjects(`${p}@mail.example`).includes('You left something in your cart'),
      );
      assert.ok(!mailed.includes('bo') && !mailed.includes('cy'), 'buyers are not reminded');
      assert.equal(mailed.length, 4 - entries.holdout, `mailed ${mailed.join(', ')}`);
      const [reminder] = mailTo(`${mailed[0]}@mail.example`);
      assert.match(reminder!.raw, /Lamp \(40\)/);
    });
  });
}
