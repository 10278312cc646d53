import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminApi } from '../../testing/index.ts';

const T = Date.parse('2027-03-01T09:00:00Z');

const WELCOME = {
  key: 'welcome',
  name: 'Welcome',
  channel: 'email',
  topic: 'news',
  subject: 'Welcome, {{ traits.first_name | default: "friend" }}',
  preheader: 'Hello from {{ workspace.name }}',
  body: `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Hi {{ traits.first_name }}, you are {{ stage | default: 'new' }} ({{ predictions.clv }})</mj-text>
  <mj-button href="{{ links.unsubscribe }}">Unsubscribe</mj-button>
</mj-column></mj-section></mj-body></mjml>`,
};

test('templates: create, faults as 422 with field, line and column, drafts, publish, versions, delete', async (t) => {
  const { call, otherSecret } = await adminApi(t, T);
  const created = await call('POST', '/api/v1/templates', WELCOME);
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.headers.location, '/api/v1/templates/welcome');
  assert.equal(created.json().channel, 'email');
  assert.equal(created.json().draft.format, 'mjml', 'a body starting with <mjml is MJML');
  assert.equal(created.json().publishedVersion, null);
  assert.match(created.json().yaml, /^key: welcome\nname: Welcome\nchannel: email\ntopic: news\n/);
  assert.equal((await call('POST', '/api/v1/templates', WELCOME)).statusCode, 409);

  const bad = await call('POST', '/api/v1/templates', {
    key: 'broken',
    name: 'Broken',
    channel: 'sms',
    body: 'Hi {{ traits.first_name }}\nYour code {{ code }} {{ event.x | shout }}',
  });
  assert.equal(bad.statusCode, 422);
  assert.equal(bad.json().error.code, 'invalid_template');
  assert.deepEqual(bad.json().error.details.faults, [
    { field: 'body', line: 2, column: 22, message: 'undefined filter: shout' },
  ]);
  const unknown = await call('POST', '/api/v1/templates', {
    key: 'b',
    name: 'B',
    channel: 'sms',
    body: '{{ code }}',
  });
  assert.equal(
    unknown.json().error.message,
    'invalid template "b": body (line 1, column 4): unknown variable "code": templates may use customer, traits, event, stage, predictions, workspace, links',
  );
  const wrongField = await call('POST', '/api/v1/templates', {
    key: 'c',
    name: 'C',
    channel: 'sms',
    body: 'x',
    subject: 's',
  });
  assert.equal(wrongField.statusCode, 422);
  assert.deepEqual(wrongField.json().error.details.faults, [
    { path: 'subject', message: 'is not a field of sms templates' },
  ]);
  const closed = await call('POST', '/api/v1/templates', { ...WELCOME, key: 'd', colour: 'red' });
  assert.equal(closed.statusCode, 400);
  assert.match(closed.json().error.message, /colour/);

  assert.equal((await call('POST', '/api/v1/templates/welcome/publish')).json().version, 1);
  const changed = { ...WELCOME, subject: 'Welcome back' };
  const saved = await call('PUT', '/api/v1/templates/welcome', { ...changed, key: undefined });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal(saved.json().draft.subject, 'Welcome back');
  assert.equal(saved.json().publishedVersion, 1);
  const renamed = await call('PUT', '/api/v1/templates/welcome', { ...changed, key: 'other' });
  assert.match(renamed.json().error.message, /the key of this template is "welcome"/);
  const channel = await call('PUT', '/api/v1/templates/welcome', { name: 'W', channel: 'sms', body: 'x' });
  assert.equal(channel.statusCode, 409);
  assert.match(channel.json().error.message, /template "welcome" sends email; make a new template for sms/);
  const faulty = await call('PUT', '/api/v1/templates/welcome', { ...changed, subject: '{% if x %}' });
  assert.equal(faulty.statusCode, 422);
  assert.deepEqual(faulty.json().error.details.faults[0], {
    field: 'subject',
    line: 1,
    column: 1,
    message: 'tag {% if x %} not closed',
  });
  assert.equal((await call('PUT', '/api/v1/templates/nope', { ...changed, key: 'nope' })).statusCode, 404);

  assert.equal((await call('POST', '/api/v1/templates/welcome/publish')).json().version, 2);
  const versions = (await call('GET', '/api/v1/templates/welcome/versions')).json().items;
  assert.deepEqual(
    versions.map((v: { version: number; content: { subject: string } }) => [v.version, v.content.subject]),
    [
      [2, 'Welcome back'],
      [1, WELCOME.subject],
    ],
  );
  assert.equal((await call('GET', '/api/v1/templates/welcome')).json().publishedVersion, 2);

  for (const key of ['b-sms', 'a-sms'])
    await call('POST', '/api/v1/templates', { key, name: key, channel: 'sms', body: 'Hi' });
  const first = (await call('GET', '/api/v1/templates?limit=2')).json();
  assert.deepEqual(
    first.items.map((x: { key: string }) => x.key),
    ['a-sms', 'b-sms'],
  );
  const second = (await call('GET', `/api/v1/templates?limit=2&cursor=${first.next}`)).json();
  assert.deepEqual([second.items.map((x: { key: string }) => x.key), second.next], [['welcome'], null]);

  // Another workspace sees none of it and can change none of it.
  assert.equal((await call('GET', '/api/v1/templates/welcome', undefined, {}, otherSecret)).statusCode, 404);
  assert.deepEqual((await call('GET', '/api/v1/templates', undefined, {}, otherSecret)).json().items, []);
  assert.equal(
    (await call('POST', '/api/v1/templates/welcome/publish', undefined, {}, otherSecret)).statusCode,
    404,
  );
  assert.equal(
    (await call('DELETE', '/api/v1/templates/welcome', undefined, {}, otherSecret)).statusCode,
    404,
  );
  assert.equal(
    (await call('GET', '/api/v1/templates/welcome/versions', undefined, {}, otherSecret)).statusCode,
    404,
  );

  assert.equal((await call('DELETE', '/api/v1/templates/welcome')).statusCode, 204);
  assert.equal((await call('GET', '/api/v1/templates/welcome')).statusCode, 404);
  assert.equal((await call('DELETE', '/api/v1/templates/welcome')).statusCode, 404);
});

test('preview renders the draft or given content for a real customer: traits, stage, predictions; inert links', async (t) => {
  const { call, send, engine, store, ws, otherSecret } = await adminApi(t, T);
  assert.equal((await call('PUT', '/api/v1/lifecycle', { preset: 'clm-5' })).statusCode, 200);
  await send('identify', {
    userId: 'ann',
    traits: { first_name: 'Ann & Co', email: 'ann@shop.test', phone: '+4915100000' },
  });
  await engine.runUntilIdle();
  const ann = (await call('GET', '/api/v1/customers?userId=ann')).json().items[0];
  await store.analytics.writePredictions(
    ws.id,
    [{ c: ann.id, p: { clv: 120.5, p_alive: 0.9, churn_risk: 1 } }],
    T,
  );
  await call('POST', '/api/v1/templates', WELCOME);

  const byUser = await call('POST', '/api/v1/templates/welcome/preview', { userId: 'ann' });
  assert.equal(byUser.statusCode, 200, byUser.body);
  const out = byUser.json();
  assert.equal(out.subject, 'Welcome, Ann & Co');
  assert.equal(out.preheader, 'Hello from shop');
  assert.ok(ann.stage, 'the model gave ann a stage');
  assert.match(out.html, new RegExp(`>Hi Ann &amp; Co, you are ${ann.stage.key} \\(120\\.5\\)<`));
  assert.match(out.html, /href="https:\/\/unsubscribe\.preview\.invalid\/"/);
  assert.match(out.text, /Hi Ann & Co/);
  assert.deepEqual(
    (await call('POST', '/api/v1/templates/welcome/preview', { customerId: ann.id })).json(),
    out,
  );

  const sms = await call('POST', '/api/v1/templates/welcome/preview', {
    customerId: ann.id,
    event: { code: 'X1' },
    content: {
      channel: 'sms',
      body: '{{ customer.phone }}: code {{ event.code }}, p {{ predictions.p_alive }} r {{ predictions.churn_risk }}',
    },
  });
  assert.deepEqual(sms.json(), {
    channel: 'sms',
    body: '+4915100000: code X1, p 0.9 r 1',
    segments: { encoding: 'GSM-7', units: 31, segments: 1 },
  });
  const hook = await call('POST', '/api/v1/templates/welcome/preview', {
    userId: 'ann',
    content: {
      channel: 'webhook',
      url: 'https://hooks.test/{{ customer.id }}',
      body: '{"email": {{ customer.email | json }}}',
    },
  });
  assert.deepEqual(hook.json(), {
    channel: 'webhook',
    url: `https://hooks.test/${ann.id}`,
    body: { email: 'ann@shop.test' },
  });

  const notJson = await call('POST', '/api/v1/templates/welcome/preview', {
    userId: 'ann',
    content: { channel: 'webhook', url: 'https://h.test', body: '{"name": {{ traits.first_name }}}' },
  });
  assert.equal(notJson.statusCode, 422);
  assert.match(notJson.json().error.message, /does not render: body: renders text that is not JSON/);
  const faulty = await call('POST', '/api/v1/templates/welcome/preview', {
    userId: 'ann',
    content: { channel: 'sms', body: '{{ nope }}' },
  });
  assert.equal(faulty.json().error.details.faults[0].field, 'body');
  assert.equal((await call('POST', '/api/v1/templates/welcome/preview', {})).statusCode, 400);
  assert.equal((await call('POST', '/api/v1/templates/welcome/preview', { userId: 'zed' })).statusCode, 404);
  assert.equal(
    (await call('POST', '/api/v1/templates/welcome/preview', { customerId: 99999 })).statusCode,
    404,
  );
  // The other workspace can preview neither the template nor this customer.
  assert.equal(
    (await call('POST', '/api/v1/templates/welcome/preview', { customerId: ann.id }, {}, otherSecret))
      .statusCode,
    404,
  );
  await call(
    'POST',
    '/api/v1/templates',
    { key: 'mine', name: 'Mine', channel: 'sms', body: 'x' },
    {},
    otherSecret,
  );
  assert.equal(
    (await call('POST', '/api/v1/templates/mine/preview', { customerId: ann.id }, {}, otherSecret))
      .statusCode,
    404,
  );
});
