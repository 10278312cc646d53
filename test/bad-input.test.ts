/**
 * Malformed requests against a real server: each is refused with a 4xx, the error shape
 * `{"error":{"code","message"}}` and a message that names the problem. Afterwards the server is still
 * healthy and the store holds only the valid part of the one partly valid batch.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import type { SqliteStore } from '../src/storage/index.ts';
import { createKey } from '../src/workspaces/index.ts';
import { type LiveServer, startLiveServer } from './support/live-server.ts';

const WRITE_KEY = 'wk_bad_input_0123456789';
const SECRET_KEY = 'sk_bad_input_0123456789';
const REVOKED_KEY = 'wk_bad_input_revoked_0123';

let live: LiveServer;
let store: SqliteStore;
let base: string;
let workspaceId: number;

before(async () => {
  live = await startLiveServer({ writeKey: WRITE_KEY, secretKey: SECRET_KEY });
  ({ store, base, workspaceId } = live);
  const revoked = await createKey(store, {
    workspaceId,
    kind: 'write',
    name: 'revoked',
    value: REVOKED_KEY,
    now: Date.now(),
  });
  await store.keys.revoke(revoked.record.id, Date.now());
});

after(() => live?.close());

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const bearer = (key: string) => `Bearer ${key}`;
const json = (value: unknown) => JSON.stringify(value);
const track = (extra: Record<string, unknown> = {}) => json({ userId: 'u-1', event: 'Clicked', ...extra });
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const batchOf = (...batch: unknown[]) => json({ batch });

type Case = {
  name: string;
  method?: string;
  path?: string;
  /** The Authorization header; null sends none. */
  auth?: string | null;
  headers?: Record<string, string>;
  body?: string | Buffer;
  status: number;
  code: string;
  message: RegExp;
};

/** Defaults: POST /v1/track with the write key as the Basic user. */
// biome-ignore format: one line per case reads as a table
const INGEST: Case[] = [
  // The body is not JSON, or not a JSON object.
  { name: 'bad JSON', body: '{"userId": "u-1", "event": }', status: 400, code: 'invalid_json', message: /not valid JSON/ },
  { name: 'truncated JSON', body: '{"userId":"u-1","event":"Cli', status: 400, code: 'invalid_json', message: /not valid JSON/ },
  { name: 'single quotes', body: "{'userId':'u-1'}", status: 400, code: 'invalid_json', message: /not valid JSON/ },
  { name: 'empty body', body: '', status: 400, code: 'invalid_json', message: /empty/ },
  { name: 'whitespace body', body: ' \n\t ', status: 400, code: 'invalid_json', message: /empty/ },
  { name: 'JSON array', body: '[{"userId":"u-1","event":"x"}]', status: 400, code: 'invalid_message', message: /must be a JSON object/ },
  { name: 'JSON string', body: '"track"', status: 400, code: 'invalid_message', message: /must be a JSON object/ },
  { name: 'JSON number', body: '42', status: 400, code: 'invalid_message', message: /must be a JSON object/ },
  { name: 'JSON null', body: 'null', status: 400, code: 'invalid_message', message: /must be a JSON object/ },
  { name: 'truncated batch', path: '/v1/batch', body: '{"batch":[{"type":"track"', status: 400, code: 'invalid_json', message: /not valid JSON/ },

  // Fields of the wrong type.
  { name: 'userId object', body: track({ userId: { id: 1 } }), status: 400, code: 'invalid_message', message: /userId must be a string/ },
  { name: 'userId array', body: track({ userId: ['u-1'] }), status: 400, code: 'invalid_message', message: /userId must be a string/ },
  { name: 'userId boolean', body: track({ userId: true }), status: 400, code: 'invalid_message', message: /userId must be a string/ },
  { name: 'anonymousId object', body: json({ anonymousId: {}, event: 'x' }), status: 400, code: 'invalid_message', message: /anonymousId must be a string/ },
  { name: 'anonymousId boolean', body: json({ anonymousId: false, event: 'x' }), status: 400, code: 'invalid_message', message: /anonymousId must be a string/ },
  { name: 'event number', body: track({ event: 42 }), status: 400, code: 'invalid_message', message: /track needs an event name/ },
  { name: 'event object', body: track({ event: { name: 'x' } }), status: 400, code: 'invalid_message', message: /track needs an event name/ },
  { name: 'event empty', body: track({ event: '' }), status: 400, code: 'invalid_message', message: /track needs an event name/ },
  { name: 'event blank', body: track({ event: '   ' }), status: 400, code: 'invalid_message', message: /track needs an event name/ },
  { name: 'properties array', body: track({ properties: [1, 2] }), status: 400, code: 'invalid_message', message: /properties must be an object/ },
  { name: 'properties string', body: track({ properties: 'plan=pro' }), status: 400, code: 'invalid_message', message: /properties must be an object/ },
  { name: 'traits string', path: '/v1/identify', body: json({ userId: 'u-1', traits: 'vip' }), status: 400, code: 'invalid_message', message: /traits must be an object/ },
  { name: 'traits array', path: '/v1/i', body: json({ userId: 'u-1', traits: [] }), status: 400, code: 'invalid_message', message: /traits must be an object/ },
  { name: 'context string', body: track({ context: 'web' }), status: 400, code: 'invalid_message', message: /context must be an object/ },
  { name: 'context number', body: track({ context: 7 }), status: 400, code: 'invalid_message', message: /context must be an object/ },
  { name: 'integrations string', body: track({ integrations: 'all' }), status: 400, code: 'invalid_message', message: /integrations must be an object/ },
  { name: 'page name number', path: '/v1/page', body: json({ userId: 'u-1', name: 7 }), status: 400, code: 'invalid_message', message: /page name must be a string/ },
  { name: 'screen name object', path: '/v1/screen', body: json({ userId: 'u-1', name: {} }), status: 400, code: 'invalid_message', message: /screen name must be a string/ },

  // Times.
  { name: 'timestamp number', body: track({ timestamp: 1_700_000_000_000 }), status: 400, code: 'invalid_message', message: /timestamp must be an ISO 8601/ },
  { name: 'timestamp words', body: track({ timestamp: 'yesterday' }), status: 400, code: 'invalid_message', message: /timestamp must be an ISO 8601/ },
  { name: 'timestamp out of range', body: track({ timestamp: '2024-13-45T99:99:00Z' }), status: 400, code: 'invalid_message', message: /timestamp must be an ISO 8601/ },
  { name: 'timestamp object', body: track({ timestamp: {} }), status: 400, code: 'invalid_message', message: /timestamp must be an ISO 8601/ },
  { name: 'timestamp boolean', body: track({ timestamp: true }), status: 400, code: 'invalid_message', message: /timestamp must be an ISO 8601/ },
  { name: 'originalTimestamp garbage', body: track({ originalTimestamp: 'soon' }), status: 400, code: 'invalid_message', message: /timestamp must be an ISO 8601/ },
  { name: 'sentAt garbage', body: track({ sentAt: 'now' }), status: 400, code: 'invalid_message', message: /sentAt must be an ISO 8601/ },
  { name: 'batch sentAt garbage', path: '/v1/batch', body: json({ batch: [{ type: 'track', userId: 'u-1', event: 'x' }], sentAt: 42 }), status: 400, code: 'invalid_message', message: /sentAt must be an ISO 8601/ },

  // messageId.
  { name: 'messageId object', body: track({ messageId: { id: 1 } }), status: 400, code: 'invalid_message', message: /messageId must be a non-empty string/ },
  { name: 'messageId empty', body: track({ messageId: '' }), status: 400, code: 'invalid_message', message: /messageId must be a non-empty string/ },
  { name: 'messageId boolean', body: track({ messageId: true }), status: 400, code: 'invalid_message', message: /messageId must be a non-empty string/ },
  { name: 'messageId too long', body: track({ messageId: 'm'.repeat(600) }), status: 400, code: 'invalid_message', message: /messageId is longer than 512/ },

  // Who the message is about.
  { name: 'no userId or anonymousId', body: json({ event: 'Clicked' }), status: 400, code: 'invalid_message', message: /userId or anonymousId is required/ },
  { name: 'userId "null"', body: json({ userId: 'null', event: 'x' }), status: 400, code: 'invalid_message', message: /userId or anonymousId is required/ },
  { name: 'userId "undefined"', body: json({ userId: 'undefined', event: 'x' }), status: 400, code: 'invalid_message', message: /userId or anonymousId is required/ },
  { name: 'anonymousId "0"', body: json({ anonymousId: '0', event: 'x' }), status: 400, code: 'invalid_message', message: /userId or anonymousId is required/ },
  { name: 'both placeholders', body: json({ userId: 'null', anonymousId: 'undefined', event: 'x' }), status: 400, code: 'invalid_message', message: /userId or anonymousId is required/ },
  { name: 'blank userId', body: json({ userId: '   ', event: 'x' }), status: 400, code: 'invalid_message', message: /userId or anonymousId is required/ },
  { name: 'userId too long', body: track({ userId: 'u'.repeat(600) }), status: 400, code: 'invalid_message', message: /userId is longer than 512/ },
  { name: 'event too long', body: track({ event: 'e'.repeat(600) }), status: 400, code: 'invalid_message', message: /event is longer than 512/ },

  // What each call needs.
  { name: 'track without event', body: json({ userId: 'u-1' }), status: 400, code: 'invalid_message', message: /track needs an event name/ },
  { name: 'group without groupId', path: '/v1/group', body: json({ userId: 'u-1', traits: {} }), status: 400, code: 'invalid_message', message: /group needs a groupId/ },
  { name: 'group with object groupId', path: '/v1/g', body: json({ userId: 'u-1', groupId: {} }), status: 400, code: 'invalid_message', message: /group needs a groupId/ },
  { name: 'alias without previousId', path: '/v1/alias', body: json({ userId: 'u-1' }), status: 400, code: 'invalid_message', message: /alias needs a previousId/ },
  { name: 'alias without userId', path: '/v1/a', body: json({ anonymousId: 'a-1', previousId: 'a-0' }), status: 400, code: 'invalid_message', message: /alias needs a userId/ },

  // Batches.
  { name: 'batch is an object', path: '/v1/batch', body: json({ batch: { type: 'track' } }), status: 400, code: 'invalid_message', message: /batch array/ },
  { name: 'batch missing', path: '/v1/batch', body: json({ messages: [] }), status: 400, code: 'invalid_message', message: /batch array/ },
  { name: 'batch is a string', path: '/v1/batch', body: json({ batch: '[]' }), status: 400, code: 'invalid_message', message: /batch array/ },
  { name: 'batch body is an array', path: '/v1/batch', body: json([{ type: 'track', userId: 'u-1', event: 'x' }]), status: 400, code: 'invalid_message', message: /batch array/ },
  { name: 'empty batch', path: '/v1/b', body: batchOf(), status: 400, code: 'invalid_message', message: /batch is empty/ },
  { name: 'batch message of unknown type', path: '/v1/batch', body: batchOf({ type: 'purchase', userId: 'u-1' }), status: 400, code: 'invalid_message', message: /type must be one of identify, track/ },
  { name: 'batch message without type', path: '/v1/import', body: batchOf({ userId: 'u-1', event: 'x' }), status: 400, code: 'invalid_message', message: /type must be one of/ },
  { name: 'batch context too big for its messages', path: '/v1/batch', body: json({ batch: [{ type: 'track', userId: 'u-1', event: 'x' }], context: { blob: 'x'.repeat(40_000) } }), status: 400, code: 'invalid_message', message: /bytes; the limit is 32768/ },

  // Sizes and shapes that are there to hurt.
  { name: 'message over 32 KB', body: track({ properties: { blob: 'x'.repeat(40_000) } }), status: 400, code: 'payload_too_large', message: /message is \d+ bytes; the limit is 32768/ },
  { name: 'batch message over 32 KB', path: '/v1/batch', body: batchOf({ type: 'track', userId: 'u-1', event: 'x', properties: { blob: 'x'.repeat(40_000) } }), status: 400, code: 'invalid_message', message: /bytes; the limit is 32768/ },
  { name: 'single-message request over 64 KB', body: track({ properties: { blob: 'x'.repeat(70_000) } }), status: 400, code: 'payload_too_large', message: /larger than the limit/ },
  { name: 'batch request over 500 KB', path: '/v1/batch', body: batchOf(...Array.from({ length: 60 }, () => ({ type: 'track', userId: 'u-1', event: 'x', properties: { blob: 'x'.repeat(10_000) } }))), status: 400, code: 'payload_too_large', message: /larger than the limit/ },
  { name: 'huge string (5 MB userId)', path: '/v1/batch', body: batchOf({ type: 'identify', userId: 'u'.repeat(5_000_000) }), status: 400, code: 'payload_too_large', message: /larger than the limit/ },
  { name: 'nesting 100 levels deep', body: `{"userId":"u-1","event":"x","properties":${nested(100)}}`, status: 400, code: 'invalid_message', message: /nested more than 32 levels/ },
  { name: 'nesting 10000 levels deep', body: `{"userId":"u-1","event":"x","properties":${nested(10_000)}}`, status: 400, code: 'invalid_message', message: /nested more than 32 levels/ },
  { name: 'arrays nested 100000 levels deep in a batch', path: '/v1/batch', body: `{"batch":[{"type":"track","userId":"u-1","event":"x","properties":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`, status: 400, code: 'invalid_message', message: /nested more than 32 levels/ },
  { name: 'batch context nested 1000 levels deep', path: '/v1/batch', body: `{"batch":[{"type":"track","userId":"u-1","event":"x"}],"context":${nested(1_000)}}`, status: 400, code: 'invalid_message', message: /nested more than 32 levels/ },

  // Keys.
  { name: 'no write key', auth: null, body: track(), status: 401, code: 'unauthorized', message: /missing write key/ },
  { name: 'unknown write key', auth: basic('wk_nobody_0123456789'), body: track(), status: 401, code: 'unauthorized', message: /unknown or revoked write key/ },
  { name: 'revoked write key', auth: basic(REVOKED_KEY), body: track(), status: 401, code: 'unauthorized', message: /unknown or revoked write key/ },
  { name: 'secret key as write key', auth: basic(SECRET_KEY), body: track(), status: 401, code: 'unauthorized', message: /unknown or revoked write key/ },
  { name: 'unknown writeKey in the body', auth: null, path: '/v1/batch', body: json({ writeKey: 'wk_nobody_0123456789', batch: [{ type: 'track', userId: 'u-1', event: 'x' }] }), status: 401, code: 'unauthorized', message: /unknown or revoked write key/ },
  { name: 'Basic with an empty user name', auth: `Basic ${Buffer.from(':x').toString('base64')}`, body: track(), status: 401, code: 'unauthorized', message: /missing write key/ },
  { name: 'Bearer secret key on ingest', auth: bearer(SECRET_KEY), body: track(), status: 401, code: 'unauthorized', message: /missing write key/ },

  // Compression.
  { name: 'invalid gzip bytes', path: '/v1/batch', headers: { 'content-encoding': 'gzip' }, body: 'this is not gzip', status: 400, code: 'unsupported_encoding', message: /could not be decompressed/ },
  { name: 'truncated gzip', path: '/v1/batch', headers: { 'content-encoding': 'gzip' }, body: gzipSync(batchOf({ type: 'track', userId: 'u-1', event: 'x' })).subarray(0, 20), status: 400, code: 'unsupported_encoding', message: /could not be decompressed/ },
  { name: 'invalid deflate bytes', path: '/v1/batch', headers: { 'content-encoding': 'deflate' }, body: 'plain text', status: 400, code: 'unsupported_encoding', message: /could not be decompressed/ },
  { name: 'unsupported Content-Encoding', headers: { 'content-encoding': 'compress' }, body: track(), status: 400, code: 'unsupported_encoding', message: /Content-Encoding compress is not supported/ },
  { name: 'stacked Content-Encoding', headers: { 'content-encoding': 'gzip, br' }, body: track(), status: 400, code: 'unsupported_encoding', message: /not supported/ },
  { name: 'gzip bomb (2 KB compressed, 2 MB decompressed)', path: '/v1/batch', headers: { 'content-encoding': 'gzip' }, body: gzipSync(batchOf({ type: 'track', userId: 'u-1', event: 'x', properties: { p: 'a'.repeat(2_000_000) } })), status: 400, code: 'payload_too_large', message: /larger than the limit/ },
  { name: 'deflate bomb on a single-message endpoint', headers: { 'content-encoding': 'deflate' }, body: deflateSync(track({ properties: { p: 'a'.repeat(1_000_000) } })), status: 400, code: 'payload_too_large', message: /larger than the limit/ },

  // Methods and paths.
  { name: 'GET /v1/track', method: 'GET', status: 405, code: 'method_not_allowed', message: /GET is not allowed here; use POST/ },
  { name: 'PUT /v1/track', method: 'PUT', body: track(), status: 405, code: 'method_not_allowed', message: /PUT is not allowed here; use POST/ },
  { name: 'DELETE /v1/track', method: 'DELETE', status: 405, code: 'method_not_allowed', message: /DELETE is not allowed here; use POST/ },
  { name: 'PATCH /v1/t', method: 'PATCH', path: '/v1/t', body: track(), status: 405, code: 'method_not_allowed', message: /PATCH is not allowed/ },
  { name: 'GET /v1/batch', method: 'GET', path: '/v1/batch', status: 405, code: 'method_not_allowed', message: /GET is not allowed/ },
  { name: 'DELETE /v1/import', method: 'DELETE', path: '/v1/import', status: 405, code: 'method_not_allowed', message: /DELETE is not allowed/ },
  { name: 'unknown ingest path', path: '/v1/purchase', body: track(), status: 404, code: 'not_found', message: /no route POST \/v1\/purchase/ },
];

/** Defaults: GET /api/v1/customers with the secret key as Bearer. */
// biome-ignore format: one line per case reads as a table
const ADMIN: Case[] = [
  { name: 'no Authorization', auth: null, status: 401, code: 'unauthorized', message: /Bearer <secret key>/ },
  { name: 'write key as secret key', auth: bearer(WRITE_KEY), status: 401, code: 'unauthorized', message: /unknown or revoked secret key/ },
  { name: 'secret key over Basic', auth: basic(SECRET_KEY), status: 401, code: 'unauthorized', message: /Bearer <secret key>/ },
  { name: 'limit=0', path: '/api/v1/customers?limit=0', status: 400, code: 'bad_request', message: /limit must be >= 1/ },
  { name: 'limit=abc', path: '/api/v1/events?limit=abc', status: 400, code: 'bad_request', message: /limit must be integer/ },
  { name: 'limit too large', path: '/api/v1/events?limit=100000', status: 400, code: 'bad_request', message: /limit must be <= 1000/ },
  { name: 'cursor garbage on events', path: '/api/v1/events?cursor=%25%25garbage%25%25', status: 400, code: 'bad_request', message: /cursor is not valid/ },
  { name: 'cursor garbage on customers', path: '/api/v1/customers?cursor=bm90IGEgY3Vyc29y', status: 400, code: 'bad_request', message: /cursor is not valid/ },
  { name: 'unknown query param on customers', path: '/api/v1/customers?userid=u-1', status: 400, code: 'bad_request', message: /unknown query parameter userid/ },
  { name: 'unknown query param on events', path: '/api/v1/events?event=Clicked', status: 400, code: 'bad_request', message: /unknown query parameter event/ },
  { name: 'non-numeric customer id', path: '/api/v1/customers/abc', status: 400, code: 'bad_request', message: /id must be integer/ },
  { name: 'customer id 0', path: '/api/v1/customers/0', status: 400, code: 'bad_request', message: /id must be >= 1/ },
  { name: 'fractional customer id', path: '/api/v1/customers/1.5/events', status: 400, code: 'bad_request', message: /id must be integer/ },
  { name: 'unknown customer', path: '/api/v1/customers/999999', status: 404, code: 'not_found', message: /no customer 999999/ },
  { name: 'unknown event type', path: '/api/v1/events?type=purchase', status: 400, code: 'bad_request', message: /type/ },
  { name: 'from is not a date', path: '/api/v1/events?from=last-week', status: 400, code: 'bad_request', message: /from must match format "date-time"/ },
  { name: 'from after to', path: '/api/v1/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', status: 400, code: 'bad_request', message: /from must be earlier than to/ },
];

async function send(c: Case, defaults: { path: string; method: string; auth: string }) {
  const auth = c.auth === undefined ? defaults.auth : c.auth;
  const headers: Record<string, string> = { ...(auth ? { authorization: auth } : {}), ...c.headers };
  if (c.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(base + (c.path ?? defaults.path), {
    method: c.method ?? defaults.method,
    headers,
    body: c.body as RequestInit['body'],
  });
  return { response, text: await response.text() };
}

function assertRefused(c: Case, response: Response, text: string): void {
  assert.equal(response.status, c.status, text);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = JSON.parse(text) as { error: { code: unknown; message: unknown } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, c.code);
  assert.equal(typeof body.error.message, 'string');
  assert.match(body.error.message as string, c.message);
}

const ingestDefaults = { path: '/v1/track', method: 'POST', auth: basic(WRITE_KEY) };

describe('malformed ingest requests', () => {
  for (const c of INGEST) {
    test(c.name, async () => {
      const { response, text } = await send(c, ingestDefaults);
      assertRefused(c, response, text);
    });
  }

  test('a batch with no valid message is a 400 that lists every rejection', async () => {
    const c: Case = {
      name: 'all invalid',
      path: '/v1/batch',
      body: batchOf(
        { type: 'track', messageId: 'bad-1', userId: 'u-1' },
        { type: 'identify', messageId: 'bad-2', userId: 'null' },
        { type: 'alias', messageId: 'bad-3', userId: 'u-1' },
      ),
      status: 400,
      code: 'invalid_message',
      message: /no valid message in batch: track needs an event name/,
    };
    const { response, text } = await send(c, ingestDefaults);
    assertRefused(c, response, text);
    const { details } = JSON.parse(text).error as { details: { rejected: unknown[] } };
    assert.deepEqual(details.rejected, [
      { index: 0, messageId: 'bad-1', code: 'invalid_message', message: 'track needs an event name' },
      {
        index: 1,
        messageId: 'bad-2',
        code: 'invalid_message',
        message: 'userId or anonymousId is required (placeholders such as "null" or "0" do not count)',
      },
      { index: 2, messageId: 'bad-3', code: 'invalid_message', message: 'alias needs a previousId' },
    ]);
  });

  test('a partly valid batch stores the good messages and lists the rejected ones', async () => {
    const response = await fetch(`${base}/v1/batch`, {
      method: 'POST',
      headers: { authorization: basic(WRITE_KEY), 'content-type': 'application/json' },
      body: batchOf(
        { type: 'track', messageId: 'good-1', userId: 'u-good', event: 'Clicked' },
        { type: 'track', messageId: 'bad-4', userId: 'u-good' },
        { type: 'identify', messageId: 'good-2', userId: 'u-good', traits: { plan: 'pro' } },
        { type: 'page', messageId: 'bad-5', anonymousId: 'a-1', timestamp: 'tomorrow' },
        'not a message',
        { type: 'track', messageId: 'bad-6', userId: 'u-good', event: 'x', properties: nestedObject(40) },
      ),
    });
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.deepEqual(body, {
      success: true,
      stored: 2,
      duplicates: 0,
      rejected: [
        { index: 1, messageId: 'bad-4', code: 'invalid_message', message: 'track needs an event name' },
        {
          index: 3,
          messageId: 'bad-5',
          code: 'invalid_message',
          message: 'timestamp must be an ISO 8601 date-time',
        },
        { index: 4, code: 'invalid_message', message: 'a message must be a JSON object' },
        {
          index: 5,
          messageId: 'bad-6',
          code: 'invalid_message',
          message: 'message is nested more than 32 levels deep',
        },
      ],
    });
  });
});

describe('malformed admin requests', () => {
  for (const c of ADMIN) {
    test(c.name, async () => {
      const { response, text } = await send(c, {
        path: '/api/v1/customers',
        method: 'GET',
        auth: bearer(SECRET_KEY),
      });
      assertRefused(c, response, text);
    });
  }
});

describe('after all of that', () => {
  test('the server is healthy', async () => {
    const response = await fetch(`${base}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'ok');
  });

  test('the store holds only the good messages of the partly valid batch', async () => {
    assert.equal(await store.customers.countEvents(workspaceId), 2);
    const headers = { authorization: bearer(SECRET_KEY) };
    const events = (await (await fetch(`${base}/api/v1/events?internal=false`, { headers })).json()) as {
      items: { messageId: string }[];
    };
    assert.deepEqual(events.items.map((e) => e.messageId).sort(), ['good-1', 'good-2']);
    const customers = (await (await fetch(`${base}/api/v1/customers`, { headers })).json()) as {
      items: { userId: string }[];
    };
    assert.deepEqual(
      customers.items.map((c) => c.userId),
      ['u-good'],
    );
  });
});

function nestedObject(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}
