import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY } from '../../core/index.ts';
import { adminApi } from '../../testing/index.ts';

const T = Date.parse('2027-03-01T09:00:00Z');

const NUDGE = {
  key: 'nudge',
  name: 'Nudge new signups',
  trigger: { kind: 'event', event: 'Signed Up' },
  goal: { event: 'Order Completed', within: '7 days' },
  start: 'pause',
  nodes: [
    { id: 'pause', kind: 'wait', duration: '1 day', next: 'mark' },
    { id: 'mark', kind: 'set-trait', trait: 'nudged', value: true, next: null },
  ],
};

test('journeys as code: templates, drafts, faults with their line, publish checks, versions, pause and archive', async (t) => {
  const { call, otherSecret } = await adminApi(t, T);
  const templates = (await call('GET', '/api/v1/journeys/templates')).json().items;
  assert.equal(templates.length, 13);
  assert.ok(
    templates.some(
      (x: { key: string; trigger: string }) => x.key === 'win-back' && x.trigger === 'entered stage churned',
    ),
  );

  const created = await call('POST', '/api/v1/journeys', { template: 'welcome' });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().status, 'draft');
  assert.match(created.json().yaml, /^key: welcome\n/);
  assert.equal((await call('POST', '/api/v1/journeys', { template: 'welcome' })).statusCode, 409);
  const both = await call('POST', '/api/v1/journeys', { template: 'welcome', document: 'x' });
  assert.match(both.json().error.message, /either "document"/);
  const unknown = await call('POST', '/api/v1/journeys', { template: 'welcome-back' });
  assert.match(unknown.json().error.message, /unknown template "welcome-back"; templates: welcome, /);

  const bad = await call('POST', '/api/v1/journeys', {
    document:
      'key: broken\nname: Broken\ntrigger: { kind: event, event: Signed Up }\nstart: a\nnodes:\n  - { id: a, kind: wait, duration: soon }\n',
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(
    bad.json().error.message,
    'invalid journey: nodes[0].duration (line 6, column 36): must be a duration such as "2 days" or "30 minutes", found "soon"',
  );
  assert.equal(bad.json().error.details.errors[0].line, 6);

  // The welcome series came with its messages: the starter templates it sends, published. A send that
  // names a template the workspace lacks, or one of another channel, is refused.
  const hello = (await call('GET', '/api/v1/templates/welcome-hello')).json();
  assert.equal(hello.publishedVersion, 1, JSON.stringify(hello));
  const mailer = (nodes: object[]) => ({ ...NUDGE, key: `mailer-${nodes.length}`, start: 's', nodes });
  const missing = (
    await call('POST', '/api/v1/journeys', {
      document: mailer([{ id: 's', kind: 'send', channel: 'email', template: 'no-such', next: null }]),
    })
  ).json().id;
  const refused = await call('POST', `/api/v1/journeys/${missing}/publish`);
  assert.equal(refused.statusCode, 400);
  assert.match(
    refused.json().error.message,
    /node "s": template "no-such" does not exist or has no published version/,
  );
  const wrongChannel = (
    await call('POST', '/api/v1/journeys', {
      document: mailer([
        { id: 's', kind: 'send', channel: 'sms', template: 'welcome-hello', next: 't' },
        { id: 't', kind: 'exit' },
      ]),
    })
  ).json().id;
  assert.match(
    (await call('POST', `/api/v1/journeys/${wrongChannel}/publish`)).json().error.message,
    /template "welcome-hello" is for email, not sms/,
  );
  const winBack = (
    await call('POST', '/api/v1/journeys', {
      document: { ...NUDGE, key: 'lapsed', trigger: { kind: 'stage', change: 'entered', stage: 'churned' } },
    })
  ).json().id;
  assert.match(
    (await call('POST', `/api/v1/journeys/${winBack}/publish`)).json().error.message,
    /stage "churned" is not a stage of the active model \(the workspace has no lifecycle model\)/,
  );
  assert.equal((await call('PUT', '/api/v1/lifecycle', { preset: 'clm-5' })).statusCode, 200);
  assert.deepEqual((await call('POST', `/api/v1/journeys/${winBack}/publish`)).json(), {
    id: winBack,
    version: 1,
  });

  const nudge = (await call('POST', '/api/v1/journeys', { document: NUDGE })).json().id;
  assert.equal((await call('POST', `/api/v1/journeys/${nudge}/publish`)).json().version, 1);
  const longer = { ...NUDGE, nodes: [{ ...NUDGE.nodes[0], duration: '2 days' }, NUDGE.nodes[1]] };
  assert.equal((await call('PUT', `/api/v1/journeys/${nudge}`, { document: longer })).statusCode, 200);
  const renamed = await call('PUT', `/api/v1/journeys/${nudge}`, { document: { ...NUDGE, key: 'other' } });
  assert.match(renamed.json().error.message, /the key of journey \d+ is "nudge"/);
  // A node mapping is checked whole, and a misspelt field is refused rather than ignored.
  const misspelt = await call('POST', `/api/v1/journeys/${nudge}/publish`, { move: { pause: 'pause' } });
  assert.equal(misspelt.statusCode, 400);
  const badMove = await call('POST', `/api/v1/journeys/${nudge}/publish`, { moves: { pause: 'later' } });
  assert.equal(badMove.statusCode, 400);
  assert.deepEqual(badMove.json().error.details.errors, ['moves.pause: the draft has no node "later"']);
  const moved = await call('POST', `/api/v1/journeys/${nudge}/publish`, { moves: { pause: 'pause' } });
  assert.equal(moved.json().version, 2);
  const versions = (await call('GET', `/api/v1/journeys/${nudge}/versions`)).json().items;
  assert.deepEqual(
    versions.map((v: { version: number; document: { nodes: { duration?: string }[] } }) => [
      v.version,
      v.document.nodes[0]!.duration,
    ]),
    [
      [2, '2 days'],
      [1, '1 day'],
    ],
  );

  assert.equal((await call('POST', `/api/v1/journeys/${nudge}/pause`)).json().status, 'paused');
  assert.equal((await call('POST', `/api/v1/journeys/${nudge}/resume`)).json().status, 'live');
  assert.equal((await call('POST', `/api/v1/journeys/${nudge}/archive`)).json().status, 'archived');
  assert.equal((await call('POST', `/api/v1/journeys/${nudge}/publish`)).statusCode, 409);
  assert.equal(
    (await call('POST', `/api/v1/journeys/${created.json().id}/pause`)).statusCode,
    409,
    'never published',
  );

  // Another workspace sees none of it.
  assert.equal((await call('GET', `/api/v1/journeys/${nudge}`, undefined, {}, otherSecret)).statusCode, 404);
  assert.deepEqual((await call('GET', '/api/v1/journeys', undefined, {}, otherSecret)).json().items, []);
});

test('a signup enters the journey; its timer moves it on; the customer page shows the path and the stats count it', async (t) => {
  const { call, send, engine, journeys, clock, store, ws } = await adminApi(t, T);
  const id = (await call('POST', '/api/v1/journeys', { document: NUDGE })).json().id;
  await call('POST', `/api/v1/journeys/${id}/publish`);
  await send('track', { userId: 'ann', event: 'Signed Up' });
  await engine.runUntilIdle();
  const ann = (await call('GET', '/api/v1/customers?userId=ann')).json().items[0].id;
  let mine = (await call('GET', `/api/v1/customers/${ann}/journeys`)).json().items;
  assert.equal(mine.length, 1);
  assert.equal(mine[0].node, 'pause');
  assert.equal(mine[0].wakeAt, new Date(T + DAY).toISOString());
  let stats = (await call('GET', `/api/v1/journeys/${id}/stats`)).json();
  assert.deepEqual(
    [stats.entered, stats.active, stats.nodes],
    [1, 1, [{ version: 1, node: 'pause', waiting: 1 }]],
  );

  clock.advance(DAY);
  const [job] = await store.jobs.claim({
    workerId: 't',
    now: clock.now(),
    leaseMs: 30_000,
    limit: 5,
    kinds: ['journey.wake'],
  });
  assert.ok(job, 'the wait is a job due after a day');
  assert.equal(job.workspaceId, ws.id);
  await (await import('../../storage/index.ts'))
    .engineWithJourneys(store, clock)
    .journeys.wake(job, { now: clock.now(), workerId: 't' });
  await send('track', { userId: 'ann', event: 'Order Completed' });
  await engine.runUntilIdle();
  mine = (await call('GET', `/api/v1/customers/${ann}/journeys`)).json().items;
  assert.deepEqual(
    mine[0].path.map((p: { outcome: string }) => p.outcome),
    ['entered', 'waiting', 'waited', 'set', 'ended', 'goal'],
  );
  assert.equal(
    mine[0].convertedAt,
    new Date(T + DAY).toISOString(),
    'the order within the goal window counts',
  );
  stats = (await call('GET', `/api/v1/journeys/${id}/stats`)).json();
  assert.deepEqual([stats.entered, stats.active, stats.converted, stats.ended], [1, 0, 1, { completed: 1 }]);
  const customer = (await call('GET', `/api/v1/customers/${ann}`)).json();
  assert.equal(customer.customer.traits.nudged, true);

  // What would happen to Ann if she entered now: the draft's path, the wait assumed over.
  const dry = (await call('POST', `/api/v1/journeys/${id}/dry-run`, { customerId: ann })).json();
  assert.deepEqual(
    dry.path.map((p: { outcome: string }) => p.outcome),
    ['entered', 'waiting', 'waited', 'set', 'ended'],
  );
  assert.deepEqual(
    dry.actions.map((a: { what: string; at: string }) => [a.what, a.at]),
    [['nudged = true', new Date(T + 2 * DAY).toISOString()]],
  );
  assert.equal((await call('POST', `/api/v1/journeys/${id}/dry-run`, { customerId: 999 })).statusCode, 404);
});
