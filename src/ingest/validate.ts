import { randomUUID } from 'node:crypto';
import { type JsonObject, MESSAGE_TYPES, type Message, type MessageType } from '../core/index.ts';
import { isJunkIdentifier } from '../identity/index.ts';

/** Segment's limits: 32 KB per message, 500 KB per request. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_REQUEST_BYTES = 500 * 1024;
/** Objects nested deeper than this are refused: nothing real needs it and it is a way to exhaust a parser. */
export const MAX_DEPTH = 32;
const MAX_ID_LENGTH = 512;
const MAX_NAME_LENGTH = 512;

export type Rejection = { code: 'invalid_message' | 'payload_too_large'; message: string };

export type ValidationContext = {
  receivedAt: number;
  /** The batch's own sentAt, used by messages that carry none. */
  batchSentAt?: unknown;
  /** Batch-level context and integrations, merged under each message's own. */
  batchContext?: unknown;
  batchIntegrations?: unknown;
  /** Skip clock-skew correction (historical imports). */
  keepTimestamps?: boolean;
};

const COLUMNS = new Set(['type', 'messageId', 'userId', 'anonymousId', 'event', 'timestamp', 'writeKey']);
const OBJECT_FIELDS = ['properties', 'traits', 'context', 'integrations'] as const;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates one Segment message (per the Segment Spec: common fields plus each call's own) and turns it
 * into a `Message`, or says precisely what is wrong with it.
 */
export function validateMessage(
  input: unknown,
  type: MessageType | undefined,
  ctx: ValidationContext,
): Message | Rejection {
  if (!isObject(input)) return reject('a message must be a JSON object');
  // The batch's context and integrations become part of every message, so the limits apply to the result.
  const raw = withBatchDefaults(input, ctx);
  // Depth first: JSON.stringify recurses and throws on a deep enough object, which would be a 500.
  const shape = measure(raw);
  if (shape.depth > MAX_DEPTH) return reject(`message is nested more than ${MAX_DEPTH} levels deep`);
  const bytes = shape.maxBytes > MAX_MESSAGE_BYTES ? Buffer.byteLength(JSON.stringify(raw)) : 0;
  if (bytes > MAX_MESSAGE_BYTES) {
    return {
      code: 'payload_too_large',
      message: `message is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}`,
    };
  }

  const messageType = type ?? raw.type;
  if (typeof messageType !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(messageType)) {
    return reject(`type must be one of ${MESSAGE_TYPES.join(', ')}`);
  }
  const t = messageType as MessageType;

  const userId = identifier(raw.userId, 'userId');
  if (typeof userId === 'object' && userId) return userId;
  const anonymousId = identifier(raw.anonymousId, 'anonymousId');
  if (typeof anonymousId === 'object' && anonymousId) return anonymousId;
  const uid = userId as string | null;
  const aid = anonymousId as string | null;
  if (!uid && !aid) {
    return reject('userId or anonymousId is required (placeholders such as "null" or "0" do not count)');
  }

  const messageId = raw.messageId === undefined || raw.messageId === null ? randomUUID() : raw.messageId;
  if ((typeof messageId !== 'string' && typeof messageId !== 'number') || String(messageId).length === 0) {
    return reject('messageId must be a non-empty string');
  }
  if (String(messageId).length > MAX_ID_LENGTH) return reject(`messageId is longer than ${MAX_ID_LENGTH}`);

  for (const field of OBJECT_FIELDS) {
    if (raw[field] !== undefined && raw[field] !== null && !isObject(raw[field])) {
      return reject(`${field} must be an object`);
    }
  }

  let name: string | null = null;
  if (t === 'track') {
    if (typeof raw.event !== 'string' || raw.event.trim() === '') return reject('track needs an event name');
    if (raw.event.length > MAX_NAME_LENGTH) return reject(`event is longer than ${MAX_NAME_LENGTH}`);
    name = raw.event;
  } else if (t === 'page' || t === 'screen') {
    if (raw.name !== undefined && raw.name !== null && typeof raw.name !== 'string') {
      return reject(`${t} name must be a string`);
    }
    name = (raw.name as string | null | undefined) || null;
  } else if (t === 'group') {
    if ((typeof raw.groupId !== 'string' && typeof raw.groupId !== 'number') || String(raw.groupId) === '') {
      return reject('group needs a groupId');
    }
  } else if (t === 'alias') {
    if (!uid) return reject('alias needs a userId');
    if ((typeof raw.previousId !== 'string' && typeof raw.previousId !== 'number') || raw.previousId === '') {
      return reject('alias needs a previousId');
    }
  }

  const times = resolveTimes(raw, ctx);
  if ('code' in times) return times;

  const payload: JsonObject = {};
  for (const key in raw) if (!COLUMNS.has(key)) payload[key] = raw[key];
  if (t === 'group') payload.groupId = String(raw.groupId);
  if (t === 'alias') payload.previousId = String(raw.previousId);
  if (times.original !== null) payload.originalTimestamp = new Date(times.original).toISOString();
  if (times.sentAt !== null) payload.sentAt = new Date(times.sentAt).toISOString();

  return {
    messageId: String(messageId),
    type: t,
    userId: uid,
    anonymousId: aid,
    name,
    timestamp: times.timestamp,
    receivedAt: ctx.receivedAt,
    payload,
    payloadJson: JSON.stringify(payload),
  };
}

/**
 * Segment's clock-skew correction: when the client says when it sent the message (sentAt), the event
 * time is receivedAt - (sentAt - originalTimestamp), so a device whose clock is off still lands in order.
 * Without sentAt the given timestamp is kept; without any, the event happened when it arrived.
 */
function resolveTimes(
  raw: JsonObject,
  ctx: ValidationContext,
): { timestamp: number; original: number | null; sentAt: number | null } | Rejection {
  const original = parseTime(raw.timestamp ?? raw.originalTimestamp);
  if (original === 'invalid') return reject('timestamp must be an ISO 8601 date-time');
  const sentAt = parseTime(raw.sentAt ?? ctx.batchSentAt);
  if (sentAt === 'invalid') return reject('sentAt must be an ISO 8601 date-time');
  let timestamp = ctx.receivedAt;
  if (original !== null) {
    timestamp = sentAt !== null && !ctx.keepTimestamps ? ctx.receivedAt - (sentAt - original) : original;
  }
  return { timestamp, original, sentAt };
}

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * An ISO 8601 date or date-time to epoch ms. Computed from the fields rather than by Date.parse, which
 * rolls impossible days over (2026-02-30 becomes March 2) and reads a time without an offset in the
 * server's time zone; here such a time is UTC. Runs for every message, so it stays allocation-light.
 */
let lastTime: { value: unknown; result: number | null | 'invalid' } = { value: undefined, result: null };

/** parseTime, remembering the last answer: every message of a batch shares the batch's sentAt. */
function parseTime(value: unknown): number | null | 'invalid' {
  if (value === lastTime.value) return lastTime.result;
  const result = parseTimeOnce(value);
  lastTime = { value, result };
  return result;
}

function parseTimeOnce(value: unknown): number | null | 'invalid' {
  if (value === undefined || value === null || value === '') return null;
  const m = typeof value === 'string' ? ISO_TIME.exec(value) : null;
  if (!m) return 'invalid';
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > DAYS_IN_MONTH[month - 1] ||
    (month === 2 && day === 29 && !leap)
  ) {
    return 'invalid';
  }
  const hour = m[4] === undefined ? 0 : +m[4];
  const minute = m[5] === undefined ? 0 : +m[5];
  const second = m[6] === undefined ? 0 : +m[6];
  if (hour > 23 || minute > 59 || second > 59) return 'invalid';
  const millis = m[7] === undefined ? 0 : +`${m[7]}00`.slice(0, 3);
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (year < 100) ms = new Date(ms).setUTCFullYear(year);
  const offset = m[8];
  if (offset && offset !== 'Z') {
    const sign = offset[0] === '-' ? -1 : 1;
    const hours = +offset.slice(1, 3);
    const minutes = +offset.slice(-2);
    if (hours > 23 || minutes > 59) return 'invalid';
    ms -= sign * (hours * 60 + minutes) * 60_000;
  }
  return Number.isFinite(ms) ? ms : 'invalid';
}

/** The message with the batch-level context and integrations merged under its own. */
function withBatchDefaults(raw: JsonObject, ctx: ValidationContext): JsonObject {
  if (!isObject(ctx.batchContext) && !isObject(ctx.batchIntegrations)) return raw;
  const out = { ...raw };
  for (const [field, defaults] of [
    ['context', ctx.batchContext],
    ['integrations', ctx.batchIntegrations],
  ] as const) {
    const own = raw[field];
    // A message's own non-object field is left as it is, for the type check below to refuse.
    if (isObject(defaults) && (own === undefined || own === null || isObject(own))) {
      out[field] = { ...defaults, ...own };
    }
  }
  return out;
}

function identifier(value: unknown, field: string): string | null | Rejection {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') return reject(`${field} must be a string`);
  const id = String(value);
  if (id.length > MAX_ID_LENGTH) return reject(`${field} is longer than ${MAX_ID_LENGTH}`);
  return isJunkIdentifier(id) ? null : id;
}

/**
 * One walk over a message: how deep it nests, and a bound that its JSON cannot exceed in UTF-8 bytes
 * (a UTF-16 unit is at most 3 bytes, or 6 as a \\u escape; a number at most 24 characters). Most
 * messages are far below the size limit by this bound, so only the rare large one is serialized to
 * be measured exactly. Recursive and allocation-free; it stops descending past MAX_DEPTH, so the
 * recursion is bounded whatever the input.
 */
function measure(root: unknown): { depth: number; maxBytes: number } {
  let depth = 0;
  let maxBytes = 0;
  const walk = (value: unknown, level: number): void => {
    if (level > depth) depth = level;
    if (typeof value === 'string') maxBytes += 2 + 6 * value.length;
    else if (typeof value !== 'object' || value === null) maxBytes += 24;
    else if (level <= MAX_DEPTH) {
      if (Array.isArray(value)) {
        maxBytes += 2 + value.length;
        for (const child of value) walk(child, level + 1);
      } else {
        maxBytes += 2;
        for (const key in value) {
          maxBytes += 4 + 6 * key.length;
          walk((value as JsonObject)[key], level + 1);
        }
      }
    }
  };
  walk(root, 1);
  return { depth, maxBytes };
}

const reject = (message: string): Rejection => ({ code: 'invalid_message', message });

export const isRejection = (v: Message | Rejection): v is Rejection => 'code' in v;
