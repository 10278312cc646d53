import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { headerOf, startSmtpServer } from '../channels/test-smtp-server.ts';
import { HOUR, ManualClock, MINUTE } from '../core/index.ts';
import {
  ALL_MARKETING,
  DEFAULT_MESSAGING_SETTINGS,
  messageIdFor,
  SEND_ATTEMPTS,
} from '../messaging/index.ts';
import { newWorkspace, storeAdapters, suiteStore } from '../storage/test-support.ts';
import { customerWith, outboxMessage, senderRig, WELCOME } from './sender-test-kit.ts';

// The sender end to end on every store: outbox row → message.send job → a real SMTP server on loopback.
const adapters = await storeAdapters();
const smtp = await startSmtpServer();
after(() => smtp.close());
const T = Date.parse('2027-03-01T12:00:00Z');

for (const adapter of adapters) {
  describe(`the sender (${adapter.name})`, { skip: adapter.skip }, () => {
    const store = suiteStore(adapter);

    /** A workspace with Ada, the welcome template, and the sender's worker on a clock at T. */
    async function setup(smtpPort: number | null = smtp.port) {
      const clock = new ManualClock(T);
      const ws = await newWorkspace(store());
      const n = Math.random().toString(36).slice(2, 8);
      const ada = await customerWith(
        store(),
        ws,
        `ada-${n}`,
        { email: `Ada.${n}@example.com`, firstName: 'Ada' },
        T,
      );
      const rig = senderRig(store(), clock, smtpPort);
      await rig.templates.publish(ws.id, 'welcome', WELCOME, 'news');
      const enqueue = (key: string, over = {}) =>
        store().write((u) => u.outbox.enqueue([outboxMessage(ws, ada, key, clock.now(), over)], clock.now()));
      const messages = async () => (await store().messaging.messages(ws.id, { limit: 50 })).items;
      const mailsTo = () => smtp.received.filter((r) => r.to.includes(`ada.${n}@example.com`));
      return { clock, ws, ada, n, rig, enqueue, messages, mailsTo, address: `ada.${n}@example.com` };
    }

    it('sends a personalised email with its headers once; a replayed enqueue adds nothing', async (t) => {
      const s = await setup();
      t.after(s.rig.close);
      assert.equal(await s.enqueue('welcome:1'), 1);
      assert.equal(await s.enqueue('welcome:1'), 0);
      await s.rig.worker.runDue();
      const [mail] = s.mailsTo();
      assert.equal(s.mailsTo().length, 1);
      assert.equal(headerOf(mail!.raw, 'Subject'), 'Welcome, Ada');
      assert.match(mail!.raw, /you chose pro/);
      const [m] = await s.messages();
      assert.equal(m!.status, 'sent');
      assert.equal(headerOf(mail!.raw, 'Message-ID'), messageIdFor(s.ws.id, 'welcome:1', 'loopline.invalid'));
      assert.equal(headerOf(mail!.raw, 'List-Unsubscribe'), `<https://loopline.test/m/u/${m!.id}>`);
      assert.equal(headerOf(mail!.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      assert.equal(m!.address, s.address);
      assert.deepEqual(
        (await store().messaging.events(s.ws.id, m!.id)).map((e) => e.kind),
        ['sent'],
      );
      // The customer's profile has the fact as an event, with a messageId a replay cannot repeat.
      const events = await store().customers.events(s.ws.id, {
        customerId: s.ada,
        name: 'Email Sent',
        limit: 5,
      });
      assert.equal(events.items.length, 1);
      assert.equal(events.items[0]!.messageId, `loopline:msg:${m!.id}:sent`);
      await s.rig.worker.runDue();
      assert.equal(s.mailsTo().length, 1, 'nothing left to send');
    });

    it('skips a suppressed address and an unsubscribed topic, while a transactional one still goes', async (t) => {
      const s = await setup();
      t.after(s.rig.close);
      await store().messaging.write(async (w) => {
        await w.subscribe(s.ws.id, s.ada, 'news', false, T);
      });
      await s.enqueue('news:1');
      await s.enqueue('receipt:1', { topic: null, transactional: true });
      await s.rig.worker.runDue();
      const byKey = new Map((await s.messages()).map((m) => [m.idempotencyKey, m]));
      assert.deepEqual(
        [byKey.get('news:1')!.status, byKey.get('news:1')!.skipReason],
        ['skipped', 'unsubscribed'],
      );
      assert.equal(byKey.get('receipt:1')!.status, 'sent');
      assert.equal(
        headerOf(s.mailsTo()[0]!.raw, 'List-Unsubscribe'),
        undefined,
        'no unsubscribe header on a receipt',
      );
      const skipped = await store().messaging.events(s.ws.id, byKey.get('news:1')!.id);
      assert.deepEqual(
        skipped.map((e) => [e.kind, e.detail]),
        [['skipped', 'not subscribed to "news"']],
      );

      await store().messaging.write(async (w) => {
        await w.subscribe(s.ws.id, s.ada, 'news', true, T);
        await w.subscribe(s.ws.id, s.ada, ALL_MARKETING, false, T);
      });
      await s.enqueue('news:2');
      await store().messaging.write((w) =>
        w.suppress(s.ws.id, { channel: 'email', address: s.address, reason: 'hard-bounce', detail: null }, T),
      );
      await s.enqueue('receipt:2', { topic: null, transactional: true });
      await s.rig.worker.runDue();
      const again = new Map((await s.messages()).map((m) => [m.idempotencyKey, m]));
      // Suppression comes first: the bounced address refuses both.
      assert.equal(again.get('news:2')!.skipReason, 'suppressed');
      assert.equal(again.get('receipt:2')!.skipReason, 'suppressed');
      assert.equal(s.mailsTo().length, 1);
    });

    it('holds marketing through quiet hours in the customer zone, then sends at their end', async (t) => {
      const s = await setup();
      t.after(s.rig.close);
      await store().messaging.write((w) =>
        w.putSettings(
          s.ws.id,
          {
            ...DEFAULT_MESSAGING_SETTINGS,
            timeZone: 'Asia/Tokyo',
            quietHours: { start: '21:00', end: '08:00' },
          },
          T,
        ),
      );
      // 12:00 UTC is 21:00 in Tokyo: quiet until 08:00 there, 23:00 UTC.
      await s.enqueue('late:1');
      await s.enqueue('late:skip', { quietHours: 'skip' });
      await s.rig.worker.runDue();
      const held = new Map((await s.messages()).map((m) => [m.idempotencyKey, m]));
      assert.equal(held.get('late:1')!.status, 'queued');
      assert.equal(held.get('late:skip')!.skipReason, 'quiet_hours');
      assert.equal(s.mailsTo().length, 0);
      s.clock.set(Date.parse('2027-03-01T22:59:00Z'));
      await s.rig.worker.runDue();
      assert.equal(s.mailsTo().length, 0);
      s.clock.set(Date.parse('2027-03-01T23:00:00Z'));
      await s.rig.worker.runDue();
      assert.equal(s.mailsTo().length, 1);
      assert.equal(
        (await store().messaging.message(s.ws.id, held.get('late:1')!.id))!.sentAt,
        Date.parse('2027-03-01T23:00:00Z'),
      );
    });

    it('frequency caps: wait until the cap allows, or skip', async (t) => {
      const s = await setup();
      t.after(s.rig.close);
      await store().messaging.write((w) =>
        w.putSettings(s.ws.id, { ...DEFAULT_MESSAGING_SETTINGS, caps: { perDay: 1, perWeek: null } }, T),
      );
      await s.enqueue('a');
      await s.rig.worker.runDue();
      s.clock.advance(HOUR);
      await s.enqueue('b');
      await s.enqueue('c', { onCap: 'skip' });
      await s.rig.worker.runDue();
      const now = new Map((await s.messages()).map((m) => [m.idempotencyKey, m]));
      assert.equal(now.get('b')!.status, 'queued');
      assert.equal(now.get('c')!.skipReason, 'cap');
      assert.equal(s.mailsTo().length, 1);
      s.clock.set(T + 24 * HOUR - MINUTE);
      await s.rig.worker.runDue();
      assert.equal(s.mailsTo().length, 1);
      s.clock.set(T + 24 * HOUR);
      await s.rig.worker.runDue();
      assert.equal(s.mailsTo().length, 2);
    });

    it('retries a transient SMTP failure after 30 s doubling, and a message is dead after six attempts', async (t) => {
      const s = await setup();
      t.after(s.rig.close);
      await store().messaging.write(async (w) => w.putSettings(s.ws.id, DEFAULT_MESSAGING_SETTINGS, T));
      // The test server defers this recipient with a 451.
      const deferred = await customerWith(
        store(),
        s.ws,
        `defer-${s.n}`,
        { email: 'defer-451@example.com', firstName: 'D' },
        T,
      );
      await store().write((u) =>
        u.outbox.enqueue([outboxMessage(s.ws, deferred, 'd', T, { transactional: true, topic: null })], T),
      );
      const [m] = (await s.messages()).filter((x) => x.idempotencyKey === 'd');
      let wait = 30_000;
      for (let attempt = 1; attempt < SEND_ATTEMPTS; attempt++) {
        await s.rig.worker.runDue();
        const row = (await store().messaging.message(s.ws.id, m!.id))!;
        assert.deepEqual([row.status, row.attempts], ['queued', attempt]);
        assert.match(row.lastError!, /451/);
        s.clock.advance(wait - 1);
        await s.rig.worker.runDue();
        assert.equal(
          (await store().messaging.message(s.ws.id, m!.id))!.attempts,
          attempt,
          'not before its backoff',
        );
        s.clock.advance(1);
        wait *= 2;
      }
      await s.rig.worker.runDue();
      const dead = (await store().messaging.message(s.ws.id, m!.id))!;
      assert.deepEqual([dead.status, dead.attempts], ['dead', SEND_ATTEMPTS]);
      assert.equal(await store().messaging.write((w) => w.requeue(s.ws.id, m!.id, s.clock.now())), true);
      assert.equal((await store().messaging.message(s.ws.id, m!.id))!.status, 'queued');
      assert.equal(
        await store().messaging.write((w) => w.requeue(s.ws.id, m!.id, s.clock.now())),
        false,
        'only dead ones',
      );
    });

    it('records a customer without an address as skipped, never silently', async (t) => {
      const s = await setup();
      t.after(s.rig.close);
      const nobody = await customerWith(store(), s.ws, `no-mail-${s.n}`, { firstName: 'N' }, T);
      await store().write((u) => u.outbox.enqueue([outboxMessage(s.ws, nobody, 'n', T)], T));
      await s.enqueue('sms', { channel: 'sms', template: 'welcome' });
      await s.rig.worker.runDue();
      const byKey = new Map((await s.messages()).map((m) => [m.idempotencyKey, m]));
      assert.deepEqual([byKey.get('n')!.status, byKey.get('n')!.skipReason], ['skipped', 'no_address']);
      assert.equal(byKey.get('n')!.lastError, 'the customer has no email address');
      assert.equal(byKey.get('sms')!.skipReason, 'no_address', 'no phone trait');
    });

    it('an optimal send time waits for the hour the customer engages most, decided once', async (t) => {
      const s = await setup();
      t.after(s.rig.close);
      // Two earlier messages Ada opened at 19:xx UTC.
      await s.enqueue('old:1', { transactional: true, topic: null });
      await s.rig.worker.runDue();
      const [old] = await s.messages();
      await store().write((u) =>
        u.outbox.addEvents([
          {
            workspaceId: s.ws.id,
            messageId: old!.id,
            kind: 'opened',
            at: Date.parse('2027-02-20T19:10:00Z'),
            detail: null,
          },
          {
            workspaceId: s.ws.id,
            messageId: old!.id,
            kind: 'clicked',
            at: Date.parse('2027-02-21T19:40:00Z'),
            detail: null,
          },
          {
            workspaceId: s.ws.id,
            messageId: old!.id,
            kind: 'opened',
            at: Date.parse('2027-02-22T08:00:00Z'),
            detail: null,
          },
        ]),
      );
      await s.enqueue('best', { sendTime: 'optimal' });
      await s.rig.worker.runDue();
      const best = (await s.messages()).find((m) => m.idempotencyKey === 'best')!;
      assert.deepEqual([best.status, best.sendAt], ['queued', Date.parse('2027-03-01T19:00:00Z')]);
      s.clock.set(Date.parse('2027-03-01T19:00:00Z'));
      await s.rig.worker.runDue();
      const sent = (await store().messaging.message(s.ws.id, best.id))!;
      assert.deepEqual([sent.status, sent.sentAt], ['sent', Date.parse('2027-03-01T19:00:00Z')]);
    });

    it('keeps the email in the capture inbox when no provider is configured', async (t) => {
      const s = await setup(null);
      t.after(s.rig.close);
      await s.enqueue('inbox:1');
      await s.rig.worker.runDue();
      const [m] = await s.messages();
      assert.equal(m!.status, 'sent');
      const inbox = await store().messaging.inbox(s.ws.id, { limit: 5 });
      assert.equal(inbox.items.length, 1);
      assert.deepEqual(
        [inbox.items[0]!.address, inbox.items[0]!.subject, inbox.items[0]!.messageId],
        [s.address, 'Welcome, Ada', m!.id],
      );
      assert.equal(inbox.items[0]!.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
      assert.equal(s.mailsTo().length, 0);
    });
  });
}
