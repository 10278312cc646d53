import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Message, MessageType } from '../core/index.ts';
import {
  isRejection,
  MAX_DEPTH,
  MAX_MESSAGE_BYTES,
  type Rejection,
  type ValidationContext,
  validateMessage,
} from './validate.ts';

const RECEIVED = Date.parse('2026-03-01T12:00:10.000Z');
const ctx: ValidationContext = { receivedAt: RECEIVED };

function ok(raw: unknown, type?: MessageType, context: ValidationContext = ctx): Message {
  const result = validateMessage(raw, type, context);
  if (isRejection(result)) assert.fail(`expected a message, got: ${result.message}`);
  return result;
}

function refused(raw: unknown, type?: MessageType, context: ValidationContext = ctx): Rejection {
  const result = validateMessage(raw, type, context);
  assert.ok(isRejection(result), `expected a rejection, got ${JSON.stringify(result)}`);
  return result;
}

/** Asserts a rejection with code invalid_message and a message matching `pattern`. */
function invalid(raw: unknown, pattern: RegExp, type?: MessageType, context?: ValidationContext): void {
  const r = refused(raw, type, context);
  assert.equal(r.code, 'invalid_message');
  assert.match(r.message, pattern);
}

describe('validateMessage: shape and type', () => {
  test('a message must be a JSON object', () => {
    for (const raw of [null, undefined, 'track', 42, [{ type: 'track' }]]) invalid(raw, /JSON object/);
  });

  test('the type comes from the endpoint, else from the message, and must be a Segment type', () => {
    assert.equal(ok({ type: 'identify', userId: 'u1' }).type, 'identify');
    assert.equal(ok({ type: 'identify', userId: 'u1', event: 'E' }, 'track').type, 'track');
    invalid({ userId: 'u1' }, /type must be one of/);
    invalid({ type: 'purchase', userId: 'u1' }, /type must be one of/);
    invalid({ type: 5, userId: 'u1' }, /type must be one of/);
  });

  test('every message needs a userId or an anonymousId', () => {
    for (const type of ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const) {
      invalid({ type, event: 'E', groupId: 'g', previousId: 'p' }, /userId or anonymousId is required/);
    }
    assert.equal(ok({ type: 'identify', anonymousId: 'a1' }).anonymousId, 'a1');
  });

  test('track needs a non-empty event name, at most 512 characters, which becomes the name', () => {
    invalid({ type: 'track', userId: 'u1' }, /track needs an event name/);
    invalid({ type: 'track', userId: 'u1', event: '  ' }, /track needs an event name/);
    invalid({ type: 'track', userId: 'u1', event: 7 }, /track needs an event name/);
    invalid({ type: 'track', userId: 'u1', event: 'x'.repeat(513) }, /event is longer than 512/);
    assert.equal(ok({ type: 'track', userId: 'u1', event: 'x'.repeat(512) }).name?.length, 512);
    assert.equal(ok({ type: 'track', userId: 'u1', event: 'Order Completed' }).name, 'Order Completed');
  });

  test('page and screen take an optional string name', () => {
    for (const type of ['page', 'screen'] as const) {
      assert.equal(ok({ type, userId: 'u1' }).name, null);
      assert.equal(ok({ type, userId: 'u1', name: 'Pricing' }).name, 'Pricing');
      invalid({ type, userId: 'u1', name: 5 }, new RegExp(`${type} name must be a string`));
    }
  });

  test('group needs a groupId, kept as a string in the payload', () => {
    invalid({ type: 'group', userId: 'u1' }, /group needs a groupId/);
    invalid({ type: 'group', userId: 'u1', groupId: '' }, /group needs a groupId/);
    invalid({ type: 'group', userId: 'u1', groupId: { id: 1 } }, /group needs a groupId/);
    assert.equal(ok({ type: 'group', userId: 'u1', groupId: 42 }).payload.groupId, '42');
  });

  test('alias needs a userId and a previousId, kept as a string in the payload', () => {
    invalid({ type: 'alias', anonymousId: 'a1', previousId: 'a1' }, /alias needs a userId/);
    invalid({ type: 'alias', userId: 'u1' }, /alias needs a previousId/);
    invalid({ type: 'alias', userId: 'u1', previousId: '' }, /alias needs a previousId/);
    invalid({ type: 'alias', userId: 'u1', previousId: ['a1'] }, /alias needs a previousId/);
    assert.equal(ok({ type: 'alias', userId: 'u1', previousId: 99 }).payload.previousId, '99');
  });

  test('identify needs nothing more than an identifier', () => {
    const m = ok({ type: 'identify', userId: 'u1', traits: { plan: 'pro' } });
    assert.deepEqual(m.payload.traits, { plan: 'pro' });
    assert.equal(m.name, null);
  });
});

describe('validateMessage: identifiers', () => {
  test('numeric ids are turned into strings', () => {
    const m = ok({ type: 'track', event: 'E', userId: 42, anonymousId: 7.5, messageId: 123 });
    assert.equal(m.userId, '42');
    assert.equal(m.anonymousId, '7.5');
    assert.equal(m.messageId, '123');
  });

  test('ids of other types are refused', () => {
    invalid({ type: 'identify', userId: { id: 1 } }, /userId must be a string/);
    invalid({ type: 'identify', userId: true }, /userId must be a string/);
    invalid({ type: 'identify', userId: 'u1', anonymousId: ['a'] }, /anonymousId must be a string/);
    invalid({ type: 'identify', userId: 'u1', messageId: true }, /messageId must be a non-empty string/);
    invalid({ type: 'identify', userId: 'u1', messageId: '' }, /messageId must be a non-empty string/);
  });

  test('ids longer than 512 characters are refused', () => {
    invalid({ type: 'identify', userId: 'u'.repeat(513) }, /userId is longer than 512/);
    invalid({ type: 'identify', userId: 'u1', anonymousId: 'a'.repeat(513) }, /anonymousId is longer/);
    invalid({ type: 'identify', userId: 'u1', messageId: 'm'.repeat(513) }, /messageId is longer/);
    assert.equal(ok({ type: 'identify', userId: 'u'.repeat(512) }).userId?.length, 512);
  });

  test('placeholder ids are dropped, and do not count as the required identifier', () => {
    const m = ok({ type: 'identify', userId: 'null', anonymousId: 'a1' });
    assert.equal(m.userId, null);
    assert.equal(m.anonymousId, 'a1');
    assert.equal(ok({ type: 'identify', userId: 'u1', anonymousId: 0 }).anonymousId, null);
    invalid({ type: 'identify', userId: 'undefined', anonymousId: ' ' }, /placeholders/);
    invalid(
      { type: 'alias', userId: 'anonymous', anonymousId: 'a1', previousId: 'a1' },
      /alias needs a userId/,
    );
  });

  test('a messageId is generated when absent, a different one each time', () => {
    const a = ok({ type: 'identify', userId: 'u1' });
    const b = ok({ type: 'identify', userId: 'u1', messageId: null });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    assert.match(a.messageId, uuid);
    assert.match(b.messageId, uuid);
    assert.notEqual(a.messageId, b.messageId);
    assert.equal(ok({ type: 'identify', userId: 'u1', messageId: 'given-1' }).messageId, 'given-1');
  });
});

describe('validateMessage: limits and object fields', () => {
  /** A track message whose JSON is exactly `bytes` long, padded with `pad` (1 or 2 bytes in UTF-8). */
  function sized(bytes: number, pad: 'x' | 'é'): Record<string, unknown> {
    const raw = { type: 'track', userId: 'u1', event: 'E', properties: { p: '' } };
    const base = Buffer.byteLength(JSON.stringify(raw));
    const width = Buffer.byteLength(pad);
    const count = Math.floor((bytes - base) / width);
    raw.properties.p = pad.repeat(count) + 'x'.repeat(bytes - base - count * width);
    assert.equal(Buffer.byteLength(JSON.stringify(raw)), bytes);
    return raw;
  }

  test('a message may be 32 KB; one byte more is payload_too_large', () => {
    assert.equal(MAX_MESSAGE_BYTES, 32 * 1024);
    ok(sized(MAX_MESSAGE_BYTES, 'x'));
    const over = refused(sized(MAX_MESSAGE_BYTES + 1, 'x'));
    assert.equal(over.code, 'payload_too_large');
    assert.match(over.message, /32769 bytes; the limit is 32768/);
  });

  test('the size limit counts UTF-8 bytes, not characters', () => {
    const raw = sized(MAX_MESSAGE_BYTES + 2, 'é');
    assert.ok(JSON.stringify(raw).length < MAX_MESSAGE_BYTES);
    assert.equal(refused(raw).code, 'payload_too_large');
  });

  test('nesting deeper than the limit is refused, arrays included', () => {
    const nest = (levels: number, make: (inner: unknown) => unknown): unknown => {
      let value: unknown = {};
      for (let i = 1; i < levels; i++) value = make(value);
      return value;
    };
    // The message itself is level 1, its properties level 2.
    const atLimit = {
      type: 'track',
      userId: 'u1',
      event: 'E',
      properties: nest(MAX_DEPTH - 1, (v) => ({ v })),
    };
    ok(atLimit);
    invalid(
      { type: 'track', userId: 'u1', event: 'E', properties: nest(MAX_DEPTH, (v) => ({ v })) },
      /nested more than 32 levels deep/,
    );
    invalid(
      { type: 'track', userId: 'u1', event: 'E', properties: { list: nest(MAX_DEPTH - 1, (v) => [v]) } },
      /nested more than 32 levels deep/,
    );
    // Deep enough to make JSON.stringify overflow the stack: still a rejection, not a thrown error.
    invalid(
      { type: 'track', userId: 'u1', event: 'E', properties: nest(200_000, (v) => ({ v })) },
      /nested more than 32 levels deep/,
    );
  });

  test('the limits apply to the message with the batch context merged in', () => {
    const raw = sized(MAX_MESSAGE_BYTES - 100, 'x');
    ok(raw, undefined, { receivedAt: RECEIVED, batchContext: { ip: '10.0.0.1' } });
    const big = { receivedAt: RECEIVED, batchContext: { note: 'x'.repeat(200) } };
    assert.equal(refused(raw, undefined, big).code, 'payload_too_large');
  });

  test('properties, traits, context and integrations must be objects when present', () => {
    for (const field of ['properties', 'traits', 'context', 'integrations']) {
      for (const value of [[], 'x', 5, true]) {
        invalid({ type: 'identify', userId: 'u1', [field]: value }, new RegExp(`${field} must be an object`));
      }
      ok({ type: 'identify', userId: 'u1', [field]: null });
      ok({ type: 'identify', userId: 'u1', [field]: { a: 1 } });
    }
  });
});

describe('validateMessage: times', () => {
  const iso = (ms: number) => new Date(ms).toISOString();

  test('without a timestamp the event happened when it arrived', () => {
    const m = ok({ type: 'identify', userId: 'u1' });
    assert.equal(m.timestamp, RECEIVED);
    assert.equal(m.receivedAt, RECEIVED);
    assert.equal(m.payload.originalTimestamp, undefined);
    assert.equal(ok({ type: 'identify', userId: 'u1', sentAt: iso(RECEIVED) }).timestamp, RECEIVED);
  });

  test('clock skew: timestamp = receivedAt − (sentAt − originalTimestamp), sentAt on the message', () => {
    // The device clock is an hour behind; the message waited 5 s on the device before it was sent.
    const m = ok({
      type: 'track',
      userId: 'u1',
      event: 'E',
      timestamp: '2026-03-01T11:00:00.000Z',
      sentAt: '2026-03-01T11:00:05.000Z',
    });
    assert.equal(iso(m.timestamp), '2026-03-01T12:00:05.000Z');
    assert.equal(m.payload.originalTimestamp, '2026-03-01T11:00:00.000Z');
    assert.equal(m.payload.sentAt, '2026-03-01T11:00:05.000Z');
  });

  test('clock skew with originalTimestamp, and with the batch’s sentAt when the message has none', () => {
    const batch = { receivedAt: RECEIVED, batchSentAt: '2026-03-01T14:00:02+02:00' };
    const m = ok(
      { type: 'identify', userId: 'u1', originalTimestamp: '2026-03-01T11:59:00Z' },
      undefined,
      batch,
    );
    assert.equal(iso(m.timestamp), '2026-03-01T11:59:08.000Z');
    assert.equal(m.payload.sentAt, '2026-03-01T12:00:02.000Z');
    const own = ok(
      {
        type: 'identify',
        userId: 'u1',
        originalTimestamp: '2026-03-01T11:59:00Z',
        sentAt: '2026-03-01T11:59:10Z',
      },
      undefined,
      batch,
    );
    assert.equal(iso(own.timestamp), '2026-03-01T12:00:00.000Z', 'the message’s own sentAt wins');
  });

  test('an explicit timestamp is kept without sentAt, and with keepTimestamps (imports)', () => {
    const past = '2024-06-01T08:30:00.000Z';
    assert.equal(iso(ok({ type: 'identify', userId: 'u1', timestamp: past }).timestamp), past);
    const imported = ok(
      { type: 'identify', userId: 'u1', timestamp: past, sentAt: '2026-03-01T12:00:00Z' },
      undefined,
      {
        receivedAt: RECEIVED,
        keepTimestamps: true,
      },
    );
    assert.equal(iso(imported.timestamp), past);
  });

  test('dates that are not ISO 8601 date-times, or do not exist, are refused', () => {
    for (const timestamp of [
      'yesterday',
      1_767_225_600_000,
      '01/03/2026',
      '2026-13-01T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2025-02-29',
      '2026-04-31T10:00:00Z',
      '2026-01-01T25:00:00Z',
    ]) {
      invalid({ type: 'identify', userId: 'u1', timestamp }, /timestamp must be an ISO 8601 date-time/);
    }
    assert.equal(
      iso(ok({ type: 'identify', userId: 'u1', timestamp: '2024-02-29' }).timestamp),
      '2024-02-29T00:00:00.000Z',
    );
    invalid({ type: 'identify', userId: 'u1', sentAt: 'soon' }, /sentAt must be an ISO 8601 date-time/);
    invalid({ type: 'identify', userId: 'u1' }, /sentAt must be/, undefined, {
      receivedAt: RECEIVED,
      batchSentAt: 5,
    });
  });

  test('fractions of a second and offsets are read exactly', () => {
    const at = (timestamp: string) => iso(ok({ type: 'identify', userId: 'u1', timestamp }).timestamp);
    assert.equal(at('2026-01-01T00:00:00.29Z'), '2026-01-01T00:00:00.290Z');
    assert.equal(at('2026-01-01T00:00:00.123456Z'), '2026-01-01T00:00:00.123Z');
    assert.equal(at('2026-01-01T10:00:00+05:30'), '2026-01-01T04:30:00.000Z');
    assert.equal(at('2026-01-01T10:00:00-0800'), '2026-01-01T18:00:00.000Z');
    assert.equal(at('2025-12-31T23:30:00-01:00'), '2026-01-01T00:30:00.000Z');
    invalid({ type: 'identify', userId: 'u1', timestamp: '2026-01-01T10:60:00Z' }, /timestamp must be/);
    invalid({ type: 'identify', userId: 'u1', timestamp: '2026-01-01T10:00:00+24:00' }, /timestamp must be/);
  });

  test('a date-time without an offset is UTC, whatever the server’s time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
        process.env.TZ = tz;
        for (const timestamp of ['2026-01-01T10:00:00', '2026-01-01 10:00:00', '2026-01-01T10:00']) {
          const m = ok({ type: 'identify', userId: 'u1', timestamp });
          assert.equal(iso(m.timestamp), '2026-01-01T10:00:00.000Z', `${timestamp} in ${tz}`);
        }
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('validateMessage: payload', () => {
  test('batch context and integrations are merged under the message’s own', () => {
    const batch: ValidationContext = {
      receivedAt: RECEIVED,
      batchContext: { library: { name: 'analytics-node' }, ip: '10.0.0.1' },
      batchIntegrations: { All: true, Mixpanel: false },
    };
    const m = ok(
      { type: 'identify', userId: 'u1', context: { ip: '10.0.0.2' }, integrations: { Mixpanel: true } },
      undefined,
      batch,
    );
    assert.deepEqual(m.payload.context, { library: { name: 'analytics-node' }, ip: '10.0.0.2' });
    assert.deepEqual(m.payload.integrations, { All: true, Mixpanel: true });
    const bare = ok({ type: 'identify', userId: 'u1' }, undefined, batch);
    assert.deepEqual(bare.payload.context, batch.batchContext);
    assert.deepEqual(bare.payload.integrations, batch.batchIntegrations);
    const ignored = ok({ type: 'identify', userId: 'u1' }, undefined, {
      receivedAt: RECEIVED,
      batchContext: ['x'],
    });
    assert.equal(ignored.payload.context, undefined);
  });

  test('the payload keeps every field but the stored columns and the write key', () => {
    const m = ok({
      type: 'track',
      messageId: 'm1',
      userId: 'u1',
      anonymousId: 'a1',
      event: 'Signed Up',
      timestamp: '2026-03-01T12:00:00Z',
      writeKey: 'll_wk_secret',
      properties: { plan: 'pro' },
      channel: 'server',
      version: 2,
      custom: { nested: [1, 2] },
    });
    assert.deepEqual(m.payload, {
      properties: { plan: 'pro' },
      channel: 'server',
      version: 2,
      custom: { nested: [1, 2] },
      originalTimestamp: '2026-03-01T12:00:00.000Z',
    });
  });
});
