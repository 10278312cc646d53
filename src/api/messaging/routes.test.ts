import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startHttpServer } from '../../channels/testing.ts';
import { ALL_MARKETING, checkTemplate, reportHookUrl, type TemplateContent } from '../../messaging/index.ts';
import type { Store } from '../../storage/index.ts';
import { adminApi } from '../../testing/index.ts';
import type { Workspace } from '../../workspaces/index.ts';

const T = Date.parse('2027-03-01T12:00:00Z');

const NEWS: Extract<TemplateContent, { channel: 'email' }> = {
  channel: 'email',
  subject: 'News for {{ traits.firstName }}',
  preheader: null,
  format: 'html',
  body: '<html><body><p>Hi {{ traits.firstName }}</p><a href="https://shop.example/sale?x=1&amp;y=2">Sale</a><a href="{{ links.preferences }}">preferences</a></body></html>',
  text: null,
};

async function publish(
  store: Store,
  ws: Workspace,
  key: string,
  content: TemplateContent,
  topic: string | null,
) {
  const check = await checkTemplate(content);
  assert.ok(check.ok);
  await store.templates.create(ws.id, { key, name: key, topic, content }, T);
  await store.templates.publish(ws.id, key, { content, compiled: check.compiled }, T);
}

/** A shop with Ada, the news template (topic news) and a receipt; no SMTP, so mail goes to the inbox. */
async function shop(t: Parameters<typeof adminApi>[0]) {
  const api = await adminApi(t, T, { runJobs: false });
  const { store, ws, send, call } = api;
  await send('identify', { userId: 'ada', traits: { email: 'Ada@Example.com', firstName: 'Ada' } });
  const ada = (await call('GET', '/api/v1/customers?userId=ada')).json().items[0].id as number;
  await publish(store, ws, 'news', NEWS, 'news');
  await publish(store, ws, 'receipt', { ...NEWS, subject: 'Your receipt' }, null);
  let n = 0;
  const enqueue = (template: string, over: Record<string, unknown> = {}) =>
    store.write((u) =>
      u.outbox.enqueue(
        [
          {
            workspaceId: ws.id,
            customerId: ada,
            channel: 'email',
            template,
            idempotencyKey: `t:${++n}`,
            origin: { journeyId: 5, version: 1, nodeId: 'mail', entryId: n, variant: null },
            event: null,
            topic: template === 'news' ? 'news' : null,
            transactional: template !== 'news',
            notBefore: api.clock.now(),
            quietHours: 'ignore',
            onCap: 'skip',
            sendTime: 'now',
            ...over,
          },
        ],
        api.clock.now(),
      ),
    );
  const inbox = async () => (await call('GET', '/api/v1/inbox')).json().items;
  const path = (url: string) => new URL(url).pathname;
  return { ...api, ada, enqueue, inbox, path };
}

test('the outbox and the inbox over the API, scoped to the workspace, with a dead message retried', async (t) => {
  const { call, enqueue, runDueJobs, inbox, ada, otherSecret, store, ws, clock } = await shop(t);
  await enqueue('news');
  await runDueJobs();
  const [item] = await inbox();
  assert.equal(item.subject, 'News for Ada');
  assert.equal(item.address, 'ada@example.com');
  const list = (await call('GET', `/api/v1/messages?customerId=${ada}&status=sent`)).json();
  assert.equal(list.items.length, 1);
  const id = list.items[0].id;
  assert.equal(item.messageId, id);
  const one = (await call('GET', `/api/v1/messages/${id}`)).json();
  assert.deepEqual(
    one.events.map((e: { kind: string }) => e.kind),
    ['sent'],
  );
  assert.equal((await call('GET', `/api/v1/inbox/${item.id}`)).json().html, item.html);
  // The other workspace sees none of it.
  assert.equal((await call('GET', `/api/v1/messages/${id}`, undefined, {}, otherSecret)).statusCode, 404);
  assert.equal((await call('GET', `/api/v1/inbox/${item.id}`, undefined, {}, otherSecret)).statusCode, 404);
  assert.deepEqual((await call('GET', '/api/v1/messages', undefined, {}, otherSecret)).json().items, []);
  // Only a dead message can be retried.
  const retry = await call('POST', `/api/v1/messages/${id}/retry`);
  assert.equal(retry.statusCode, 409);
  assert.equal(retry.json().error.code, 'conflict');
  await store.messaging.write((w) => w.update(ws.id, id, { status: 'dead' }, clock.now()));
  const again = await call('POST', `/api/v1/messages/${id}/retry`);
  assert.equal(again.json().status, 'queued');
  const stats = (await call('GET', '/api/v1/journeys/5/message-stats')).json().items;
  assert.deepEqual([stats[0].nodeId, stats[0].sent], ['mail', 1]);
});

test('one-click unsubscribe (RFC 8058) stops the next marketing email, a receipt still goes; a replay changes nothing', async (t) => {
  const { app, enqueue, runDueJobs, inbox, path, call, store, ws, ada } = await shop(t);
  await enqueue('news');
  await runDueJobs();
  const [first] = await inbox();
  const unsubscribe = first.headers['List-Unsubscribe'].slice(1, -1);
  assert.equal(first.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
  // The page asks; only the POST unsubscribes.
  const page = await app.inject({ method: 'GET', url: path(unsubscribe) });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<form method="post">/);
  assert.equal((await store.messaging.subscriptions(ws.id, ada)).size, 0);
  const post = () =>
    app.inject({
      method: 'POST',
      url: path(unsubscribe),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
  assert.equal((await post()).statusCode, 200);
  assert.equal((await post()).statusCode, 200);
  assert.deepEqual([...(await store.messaging.subscriptions(ws.id, ada))], [['news', false]]);
  const events = await store.customers.events(ws.id, {
    customerId: ada,
    name: 'Email Unsubscribed',
    limit: 5,
  });
  assert.equal(events.items.length, 1, 'one unsubscribe fact, however often it is posted');

  await enqueue('news');
  await enqueue('receipt');
  await runDueJobs();
  const skipped = (await call('GET', '/api/v1/messages?status=skipped')).json().items;
  assert.deepEqual(
    skipped.map((m: { skipReason: string }) => m.skipReason),
    ['unsubscribed'],
  );
  const subjects = (await inbox()).map((i: { subject: string }) => i.subject);
  assert.deepEqual(subjects, ['Your receipt', 'News for Ada']);
  // A tampered token does nothing.
  const bad = await app.inject({
    method: 'POST',
    url: `${path(unsubscribe)}x`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });
  assert.equal(bad.statusCode, 400);
});

test('clicks redirect only to the signed target, opens are recorded, the preferences page saves choices', async (t) => {
  const { app, enqueue, runDueJobs, inbox, path, store, ws, ada, call, clock } = await shop(t);
  await call('PUT', '/api/v1/topics/news', { name: 'News & offers', description: '<b>weekly</b>' });
  await enqueue('news');
  await runDueJobs();
  const [mail] = await inbox();
  const click = mail.html.match(/href="([^"]+\/m\/c\/[^"]+)"/)[1].replace(/&amp;/g, '&');
  const res = await app.inject({ method: 'GET', url: path(click) });
  assert.equal(res.statusCode, 302);
  assert.equal(res.headers.location, 'https://shop.example/sale?x=1&y=2');
  const token = path(click).split('/').at(-1)!;
  const [body, sig] = token.split('.');
  const forged = Buffer.from(
    JSON.stringify({
      ...JSON.parse(Buffer.from(body!, 'base64url').toString()),
      url: 'https://evil.example/',
    }),
  ).toString('base64url');
  const tampered = await app.inject({ method: 'GET', url: `/m/c/${forged}.${sig}` });
  assert.equal(tampered.statusCode, 400);
  assert.equal(tampered.headers.location, undefined);

  // Apple's proxy fetches the pixel as the mail arrives: kept and marked, not counted as an open.
  const pixel = mail.html.match(/src="([^"]+\/m\/o\/[^"]+)"/)[1];
  const gif = await app.inject({ method: 'GET', url: path(pixel), headers: { 'user-agent': 'Mozilla/5.0' } });
  assert.equal(gif.headers['content-type'], 'image/gif');
  clock.advance(60_000);
  const reader = {
    'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
  };
  await app.inject({ method: 'GET', url: path(pixel), headers: reader });
  await app.inject({ method: 'GET', url: path(pixel), headers: reader });
  const id = (await call('GET', '/api/v1/messages')).json().items[0].id;
  const events = (await call('GET', `/api/v1/messages/${id}`)).json().events;
  assert.deepEqual(
    events.slice(1).map((e: { kind: string; detail: string | null }) => [e.kind, e.detail]),
    [
      ['clicked', 'https://shop.example/sale?x=1&y=2'],
      ['opened', 'machine: apple-privacy-protection'],
      ['opened', null],
      ['opened', null],
    ],
  );
  const opened = await store.customers.events(ws.id, { customerId: ada, name: 'Email Opened', limit: 5 });
  assert.equal(
    opened.items.length,
    2,
    "the machine's open and the first of the reader's are customer events",
  );
  const stats = (await call('GET', '/api/v1/journeys/5/message-stats')).json().items[0];
  assert.deepEqual([stats.sent, stats.opened, stats.clicked], [1, 1, 1]);

  const prefs = mail.html.match(/href="([^"]+\/m\/p\/[^"]+)"/)[1];
  const form = await app.inject({ method: 'GET', url: path(prefs) });
  assert.match(form.body, /News &amp; offers/);
  assert.match(form.body, /&lt;b&gt;weekly&lt;\/b&gt;/, 'escaped');
  assert.match(form.body, /name="topic" value="news" checked/);
  await app.inject({
    method: 'POST',
    url: path(prefs),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'none=on',
  });
  assert.equal((await store.messaging.subscriptions(ws.id, ada)).get(ALL_MARKETING), false);
});

test('a hard bounce report suppresses the address; suppressions, topics and settings over the API', async (t) => {
  const { app, enqueue, runDueJobs, call, store, ws, otherSecret, clock } = await shop(t);
  const settings = await call('PUT', '/api/v1/settings/messaging', {
    from: 'Shop <hello@shop.example>',
    timeZone: 'Europe/Paris',
    quietHours: { start: '21:00', end: '08:00' },
    caps: { perDay: 3, perWeek: null },
    reports: { postmark: { username: 'pm', password: 'a-long-postmark-secret' } },
  });
  assert.equal(settings.statusCode, 200, settings.body);
  assert.deepEqual(settings.json().reports, ['postmark']);
  assert.equal(
    JSON.stringify((await call('GET', '/api/v1/settings/messaging')).json()).includes('a-long'),
    false,
  );
  assert.equal(
    (await call('PUT', '/api/v1/settings/messaging', { from: 'x <a@b.c>', timeZone: 'Mars/Base' }))
      .statusCode,
    400,
  );
  await enqueue('receipt', { quietHours: 'ignore' });
  await runDueJobs();
  const sent = (await call('GET', '/api/v1/messages')).json().items[0];
  const secret = await store.templates.linkSecret(ws.id);
  const hook = new URL(reportHookUrl('http://localhost:7300', secret, ws.id, 'postmark')).pathname;
  assert.equal(
    new URL(settings.json().reportHooks.postmark).pathname,
    hook,
    'the settings show the hook URL',
  );
  const bounce = {
    RecordType: 'Bounce',
    Type: 'HardBounce',
    MessageID: 'pm-1',
    Email: 'ada@example.com',
    Details: 'no such user',
    BouncedAt: new Date(clock.now()).toISOString(),
  };
  const auth = `Basic ${Buffer.from('pm:a-long-postmark-secret').toString('base64')}`;
  const wrong = await app.inject({
    method: 'POST',
    url: hook,
    payload: bounce,
    headers: { authorization: 'Basic eDp5' },
  });
  assert.equal(wrong.statusCode, 400);
  assert.equal((await call('GET', '/api/v1/suppressions')).json().items.length, 0);
  const ok = await app.inject({
    method: 'POST',
    url: hook,
    payload: bounce,
    headers: { authorization: auth },
  });
  assert.equal(ok.statusCode, 200, ok.body);
  const list = (await call('GET', '/api/v1/suppressions?search=ada')).json().items;
  assert.deepEqual(
    list.map((s: { address: string; reason: string }) => [s.address, s.reason]),
    [['ada@example.com', 'hard-bounce']],
  );
  assert.deepEqual((await call('GET', '/api/v1/suppressions', undefined, {}, otherSecret)).json().items, []);
  assert.equal(sent.status, 'sent');
  // A later receipt to the bounced address is skipped, as suppressed.
  await enqueue('receipt');
  await runDueJobs();
  assert.equal(
    (await call('GET', '/api/v1/messages?status=skipped')).json().items[0].skipReason,
    'suppressed',
  );

  assert.equal(
    (await call('POST', '/api/v1/suppressions', { channel: 'email', address: 'Bob@Example.com' })).statusCode,
    201,
  );
  assert.equal((await call('DELETE', '/api/v1/suppressions/email/bob@example.com')).statusCode, 204);
  assert.equal((await call('DELETE', '/api/v1/suppressions/email/bob@example.com')).statusCode, 404);
  assert.equal(
    (await call('PUT', '/api/v1/topics/tips', { name: 'Tips', defaultChoice: 'out' })).json().defaultChoice,
    'out',
  );
  assert.deepEqual(
    (await call('GET', '/api/v1/topics')).json().items.map((x: { key: string }) => x.key),
    ['tips'],
  );
  assert.equal((await call('GET', '/api/v1/topics/tips', undefined, {}, otherSecret)).statusCode, 404);
  assert.equal((await call('DELETE', '/api/v1/topics/tips')).statusCode, 204);
});

test('a test send renders for a customer into the inbox, outside the outbox', async (t) => {
  const { call, ada, inbox, otherSecret, app, path } = await shop(t);
  const sent = await call('POST', '/api/v1/messages/test', {
    template: 'news',
    customerId: ada,
    inbox: true,
  });
  assert.equal(sent.statusCode, 200, sent.body);
  assert.deepEqual([sent.json().outcome, sent.json().to], ['inbox', 'ada@example.com']);
  const other = await call('POST', '/api/v1/messages/test', { template: 'news', to: 'qa@shop.example' });
  assert.deepEqual(
    [other.json().outcome, other.json().to],
    ['inbox', 'qa@shop.example'],
    'no provider: the inbox',
  );
  const items = await inbox();
  assert.deepEqual(
    items.map((i: { subject: string; messageId: number | null }) => [i.subject, i.messageId]),
    [
      ['News for', null],
      ['News for Ada', null],
    ],
  );
  assert.deepEqual((await call('GET', '/api/v1/messages')).json().items, [], 'no outbox row');
  // Its links lead on and record nothing.
  const click = items[0].html.match(/href="([^"]+\/m\/c\/[^"]+)"/)[1].replace(/&amp;/g, '&');
  assert.equal(
    (await app.inject({ method: 'GET', url: path(click) })).headers.location,
    'https://shop.example/sale?x=1&y=2',
  );
  assert.equal(
    (await call('POST', '/api/v1/messages/test', { template: 'nope', inbox: true })).statusCode,
    404,
  );
  const elsewhere = await call(
    'POST',
    '/api/v1/messages/test',
    { template: 'news', customerId: ada },
    {},
    otherSecret,
  );
  assert.equal(elsewhere.statusCode, 404, 'another workspace has neither the template nor the customer');
});

test("a workspace's own webhook provider signs and posts the rendered JSON; without one it goes to the inbox", async (t) => {
  const { call, store, ws, enqueue, runDueJobs, inbox } = await shop(t);
  const receiver = await startHttpServer((_req, res) => res.writeHead(204).end());
  t.after(receiver.close);
  const hook: TemplateContent = {
    channel: 'webhook',
    url: `${receiver.url}/hook`,
    body: '{"name": "{{ traits.firstName }}"}',
  };
  await publish(store, ws, 'ping', hook, null);
  await enqueue('ping', { channel: 'webhook' });
  await runDueJobs();
  assert.equal(receiver.received.length, 0);
  assert.deepEqual(
    (await inbox()).map((i: { channel: string; body: string }) => [i.channel, i.body]),
    [['webhook', '{"name":"Ada"}']],
  );
  const put = await call('PUT', '/api/v1/settings/messaging', {
    from: 'Shop <hello@shop.example>',
    // The receiver is on loopback, which the outbound guard refuses unless the workspace allows it.
    providers: { webhook: { secret: 'a-webhook-signing-secret' }, outbound: { allowPrivate: true } },
  });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(put.json().providers, ['webhook']);
  assert.equal(
    JSON.stringify((await call('GET', '/api/v1/settings/messaging')).json()).includes('a-webhook'),
    false,
  );
  await enqueue('ping', { channel: 'webhook' });
  await runDueJobs();
  assert.equal(receiver.received.length, 1);
  assert.deepEqual(JSON.parse(receiver.received[0]!.body.toString()), { name: 'Ada' });
  assert.ok(
    Object.keys(receiver.received[0]!.headers).some((h) => /signature/i.test(h)),
    'signed',
  );
  const sent = (await call('GET', '/api/v1/messages?status=sent')).json().items[0];
  assert.equal(sent.channel, 'webhook');
});
