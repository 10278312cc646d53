/**
 * What analytics.js (analytics-next) needs from the server before and while it sends: the settings
 * document that points it back at this server, CORS for cross-origin pages, and text/plain bodies.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildServer } from '../src/app/index.ts';
import { systemClock } from '../src/core/index.ts';
import { type LiveServer, startLiveServer } from './support/live-server.ts';

const WRITE_KEY = 'wk_browser_0123456789';
const SECRET_KEY = 'sk_browser_0123456789';
const ORIGIN = 'https://shop.example.com';

type Settings = { integrations: { 'Segment.io': { apiKey: string; apiHost: string; protocol: string } } };

let live: LiveServer;
let base: string;

before(async () => {
  live = await startLiveServer({ writeKey: WRITE_KEY, secretKey: SECRET_KEY });
  base = live.base;
});

after(() => live?.close());

async function settings(
  headers: Record<string, string> = {},
): Promise<Settings['integrations']['Segment.io']> {
  const response = await fetch(`${base}/v1/projects/${WRITE_KEY}/settings`, { headers });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return ((await response.json()) as Settings).integrations['Segment.io'];
}

/** A browser's cross-origin "simple" request: text/plain, the write key in the body, no preflight. */
function beacon(url: string, message: Record<string, unknown>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN },
    body: JSON.stringify({ ...message, writeKey: WRITE_KEY }),
  });
}

async function storedEvent(messageId: string) {
  const response = await fetch(`${base}/api/v1/events?limit=1000&internal=false`, {
    headers: { authorization: `Bearer ${SECRET_KEY}` },
  });
  const { items } = (await response.json()) as { items: { messageId: string; type: string; name: string }[] };
  return items.filter((e) => e.messageId === messageId);
}

test('the settings document points analytics.js back at this server', async () => {
  const segment = await settings();
  assert.equal(segment.apiKey, WRITE_KEY);
  assert.equal(`${segment.protocol}://${segment.apiHost}`, `${base}/v1`);

  // analytics.js posts to <protocol>://<apiHost>/t: that must be the track endpoint of this server.
  const response = await beacon(`${segment.protocol}://${segment.apiHost}/t`, {
    messageId: 'settings-1',
    anonymousId: 'browser-anon-1',
    event: 'Loaded',
  });
  assert.equal(response.status, 200);
  assert.deepEqual(
    (await storedEvent('settings-1')).map((e) => [e.type, e.name]),
    [['track', 'Loaded']],
  );
});

test('with a public URL configured, the settings document names it whatever the request says', async () => {
  const behindProxy = await buildServer({
    config: {
      ingestQueueMax: 50_000,
      ingestBatchMax: 5_000,
      publicUrl: 'https://track.example.com/loopline',
    },
    store: live.store,
    clock: systemClock,
    logger: false,
  });
  try {
    const response = await behindProxy.app.inject({
      url: `/v1/projects/${WRITE_KEY}/settings`,
      headers: { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'evil.example.net' },
    });
    assert.equal(response.statusCode, 200);
    const segment = (response.json() as Settings).integrations['Segment.io'];
    assert.deepEqual([segment.protocol, segment.apiHost], ['https', 'track.example.com/loopline/v1']);
  } finally {
    await behindProxy.close();
  }
});

test('settings of an unknown write key are a 404 with the error shape', async () => {
  const response = await fetch(`${base}/v1/projects/wk_nobody_0123456789/settings`);
  assert.equal(response.status, 404);
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'not_found');
  assert.match(body.error.message, /unknown or revoked write key/);
});

test('a CORS preflight for /v1/t allows the page origin, POST and the headers analytics.js sends', async () => {
  const response = await fetch(`${base}/v1/t`, {
    method: 'OPTIONS',
    headers: {
      origin: ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,authorization',
    },
  });
  assert.equal(response.status, 204);
  assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN);
  const methods = (response.headers.get('access-control-allow-methods') ?? '').split(/,\s*/);
  assert.ok(methods.includes('POST'), `allow-methods: ${methods}`);
  const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
  for (const header of ['content-type', 'authorization'])
    assert.ok(allowed.includes(header), `allow-headers: ${allowed}`);
});

test('a text/plain JSON body to /v1/t is accepted and stored, with CORS on the answer', async () => {
  const response = await beacon(`${base}/v1/t`, {
    messageId: 'text-plain-1',
    anonymousId: 'browser-anon-2',
    event: 'Clicked Buy',
    properties: { sku: 'A-1' },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN);
  assert.deepEqual(await response.json(), { success: true });
  assert.deepEqual(
    (await storedEvent('text-plain-1')).map((e) => [e.type, e.name]),
    [['track', 'Clicked Buy']],
  );
});
