import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTemplate, type TemplateContent } from '../messaging/index.ts';
import { adminApi } from '../testing/index.ts';

const T = Date.parse('2027-03-01T09:00:00Z');

const HELLO: TemplateContent = {
  channel: 'email',
  subject: 'Hello {{ traits.firstName }}',
  preheader: null,
  format: 'html',
  body: '<html><body><p>Welcome, {{ traits.firstName }}</p></body></html>',
  text: null,
};

const JOURNEY = {
  key: 'hello',
  name: 'Hello and wait for the open',
  trigger: { kind: 'event', event: 'Signed Up' },
  start: 'hello',
  nodes: [
    { id: 'hello', kind: 'send', channel: 'email', template: 'hello', topic: 'news', next: 'opened' },
    {
      id: 'opened',
      kind: 'wait-for',
      event: 'Email Opened',
      timeout: '3 days',
      next: 'mark',
      timeoutNext: null,
    },
    { id: 'mark', kind: 'set-trait', trait: 'openedHello', value: true, next: null },
  ],
};

test('a journey sends through the outbox, and the email opened moves its wait like any event', async (t) => {
  const { call, send, engine, runDueJobs, store, ws, clock } = await adminApi(t, T, { runJobs: false });
  const check = await checkTemplate(HELLO);
  assert.ok(check.ok);
  await store.templates.create(ws.id, { key: 'hello', name: 'Hello', topic: 'news', content: HELLO }, T);
  await store.templates.publish(ws.id, 'hello', { content: HELLO, compiled: check.compiled }, T);
  const created = (await call('POST', '/api/v1/journeys', { document: JOURNEY })).json();
  const unknownTopic = await call('POST', `/api/v1/journeys/${created.id}/publish`);
  assert.match(unknownTopic.json().error.message, /topic "news" does not exist/);
  assert.equal((await call('PUT', '/api/v1/topics/news', { name: 'News' })).statusCode, 200);
  assert.equal((await call('POST', `/api/v1/journeys/${created.id}/publish`)).statusCode, 200);

  await send('identify', { userId: 'ann', traits: { email: 'ann@example.com', firstName: 'Ann' } });
  await send('track', { userId: 'ann', event: 'Signed Up' });
  await engine.runUntilIdle();
  await runDueJobs();
  const [mail] = (await call('GET', '/api/v1/inbox')).json().items;
  assert.equal(mail.subject, 'Hello Ann');
  const [message] = (await call('GET', '/api/v1/messages')).json().items;
  assert.deepEqual(message.origin && [message.origin.journeyId, message.origin.nodeId], [
    created.id,
    'hello',
  ]);

  // The customer opens it: the pixel records the fact, and the engine hands `Email Opened` to the journey.
  const pixel = new URL(mail.html.match(/src="([^"]+\/m\/o\/[^"]+)"/)[1]).pathname;
  clock.advance(10 * 60_000);
  await call('GET', pixel);
  await engine.runUntilIdle();
  const ann = (await call('GET', '/api/v1/customers?userId=ann')).json().items[0];
  assert.equal(ann.traits.openedHello, true);
  const names = (await call('GET', `/api/v1/customers/${ann.id}/events?limit=20`))
    .json()
    .items.map((e: { name: string | null }) => e.name);
  assert.ok(names.includes('Email Sent') && names.includes('Email Opened'), names.join());
  const stats = (await call('GET', `/api/v1/journeys/${created.id}/message-stats`)).json().items;
  assert.deepEqual(
    stats.map((s: { nodeId: string; sent: number; opened: number }) => [s.nodeId, s.sent, s.opened]),
    [['hello', 1, 1]],
  );
});
