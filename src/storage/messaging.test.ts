import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_MARKETING, type NewOutboxMessage, SEND_KIND } from '../messaging/index.ts';
import { newWorkspace, storeAdapters, suiteStore } from './test-support.ts';

// The outbox and messaging's tables, the same cases on every store.
const adapters = await storeAdapters();
const T = Date.parse('2027-03-01T09:00:00Z');

const message = (
  workspaceId: number,
  key: string,
  over: Partial<NewOutboxMessage> = {},
): NewOutboxMessage => ({
  workspaceId,
  customerId: 7,
  channel: 'email',
  template: 'welcome',
  idempotencyKey: key,
  origin: { journeyId: 3, version: 2, nodeId: 'hello', entryId: 11, variant: 'b' },
  event: { plan: 'pro' },
  topic: 'news',
  transactional: false,
  notBefore: T + 60_000,
  quietHours: 'hold',
  onCap: 'wait',
  sendTime: 'now',
  ...over,
});

for (const adapter of adapters) {
  describe(`messaging storage (${adapter.name})`, { skip: adapter.skip }, () => {
    const store = suiteStore(adapter);

    it('enqueues each idempotency key once, with one send job at its notBefore, in the same unit', async () => {
      const ws = await newWorkspace(store());
      const added = await store().write((u) =>
        u.outbox.enqueue([message(ws.id, 'a'), message(ws.id, 'b')], T),
      );
      assert.equal(added, 2);
      const again = await store().write((u) =>
        u.outbox.enqueue([message(ws.id, 'a'), message(ws.id, 'c')], T),
      );
      assert.equal(again, 1);
      const page = await store().messaging.messages(ws.id, { limit: 10 });
      assert.deepEqual(
        page.items.map((m) => m.idempotencyKey),
        ['c', 'b', 'a'],
      );
      const a = page.items[2]!;
      assert.equal(a.status, 'queued');
      assert.deepEqual(a.origin, { journeyId: 3, version: 2, nodeId: 'hello', entryId: 11, variant: 'b' });
      assert.deepEqual(a.event, { plan: 'pro' });
      const jobs = (await store().jobs.counts(ws.id, T)).filter((c) => c.kind === SEND_KIND);
      assert.deepEqual(
        jobs.map((c) => [c.state, c.count, c.nextRunAt]),
        [['scheduled', 3, T + 60_000]],
      );
      // A unit that rolls back leaves neither a row nor a job.
      await assert.rejects(
        store().write(async (u) => {
          await u.outbox.enqueue([message(ws.id, 'd')], T);
          throw new Error('step failed');
        }),
        /step failed/,
      );
      assert.equal((await store().messaging.messages(ws.id, { limit: 10 })).items.length, 3);
      const other = await newWorkspace(store());
      assert.equal((await store().messaging.messages(other.id, { limit: 10 })).items.length, 0);
      assert.equal(await store().messaging.message(other.id, a.id), null);
    });

    it('pages, filters, and counts delivery facts per journey node and variant', async () => {
      const ws = await newWorkspace(store());
      await store().write((u) =>
        u.outbox.enqueue([message(ws.id, 'x'), message(ws.id, 'y', { template: 'other' })], T),
      );
      const first = await store().messaging.messages(ws.id, { limit: 1 });
      assert.equal(first.items.length, 1);
      const second = await store().messaging.messages(ws.id, { limit: 1, cursor: first.next! });
      assert.equal(second.items[0]!.idempotencyKey, 'x');
      assert.equal(second.next, null);
      const other = await store().messaging.messages(ws.id, { limit: 5, template: 'other' });
      assert.deepEqual(
        other.items.map((m) => m.idempotencyKey),
        ['y'],
      );
      const [y, x] = first.items.concat(second.items);
      await store().write(async (u) => {
        await u.outbox.update(ws.id, x!.id, { status: 'sent', sentAt: T, messageId: 'm-1@shop.example' }, T);
        await u.outbox.addEvents([
          { workspaceId: ws.id, messageId: x!.id, kind: 'sent', at: T, detail: null },
          { workspaceId: ws.id, messageId: x!.id, kind: 'opened', at: T + 5, detail: null },
          { workspaceId: ws.id, messageId: x!.id, kind: 'opened', at: T + 9, detail: null },
          { workspaceId: ws.id, messageId: y!.id, kind: 'sent', at: T, detail: null },
        ]);
      });
      assert.equal((await store().messaging.byMessageId(ws.id, 'm-1@shop.example'))?.id, x!.id);
      const [stats] = await store().messaging.stats(ws.id, 3);
      assert.deepEqual(
        {
          node: stats!.nodeId,
          variant: stats!.variant,
          sent: stats!.sent,
          opened: stats!.opened,
          clicked: stats!.clicked,
        },
        { node: 'hello', variant: 'b', sent: 2, opened: 1, clicked: 0 },
      );
      assert.deepEqual(await store().messaging.engagementTimes(ws.id, 7, 10), [T + 9, T + 5]);
      assert.deepEqual(await store().messaging.marketingSentSince(ws.id, 7, 'email', T - 1), [T]);
      assert.equal((await store().messaging.events(ws.id, x!.id)).length, 3);
      const elsewhere = await newWorkspace(store());
      assert.deepEqual(await store().messaging.stats(elsewhere.id, 3), []);
    });

    it('keeps suppressions, topics, subscriptions and settings per workspace', async () => {
      const ws = await newWorkspace(store());
      const other = await newWorkspace(store());
      const s = {
        channel: 'email' as const,
        address: 'ada@example.com',
        reason: 'hard-bounce' as const,
        detail: '550',
      };
      assert.equal(await store().messaging.write((w) => w.suppress(ws.id, s, T)), true);
      assert.equal(
        await store().messaging.write((w) => w.suppress(ws.id, { ...s, reason: 'manual' }, T)),
        false,
      );
      assert.equal(
        (await store().messaging.suppression(ws.id, 'email', 'ada@example.com'))?.reason,
        'hard-bounce',
      );
      assert.equal(await store().messaging.suppression(other.id, 'email', 'ada@example.com'), null);
      const found = await store().messaging.suppressions(ws.id, { search: 'ADA', limit: 10 });
      assert.equal(found.items.length, 1);
      assert.equal(
        (await store().messaging.suppressions(ws.id, { search: 'bob', limit: 10 })).items.length,
        0,
      );
      assert.equal(
        await store().messaging.write((w) => w.unsuppress(ws.id, 'email', 'ada@example.com')),
        true,
      );
      assert.equal(await store().messaging.suppression(ws.id, 'email', 'ada@example.com'), null);

      const topic = await store().messaging.write((w) =>
        w.putTopic(ws.id, { key: 'news', name: 'News', description: null, defaultChoice: 'in' }, T),
      );
      assert.equal(topic.name, 'News');
      assert.deepEqual(
        (await store().messaging.topics(ws.id)).map((t) => t.key),
        ['news'],
      );
      assert.deepEqual(await store().messaging.topics(other.id), []);
      await store().messaging.write(async (w) => {
        await w.subscribe(ws.id, 7, 'news', false, T);
        await w.subscribe(ws.id, 7, ALL_MARKETING, true, T);
        await w.subscribe(ws.id, 7, 'news', true, T + 1);
      });
      assert.deepEqual([...(await store().messaging.subscriptions(ws.id, 7))].sort(), [
        ['*', true],
        ['news', true],
      ]);
      const settings = { ...(await store().messaging.settings(ws.id)), timeZone: 'Europe/Berlin' };
      await store().messaging.write((w) => w.putSettings(ws.id, settings, T));
      assert.equal((await store().messaging.settings(ws.id)).timeZone, 'Europe/Berlin');
      assert.equal((await store().messaging.settings(other.id)).timeZone, 'UTC');
    });
  });
}
