import { AppError } from '../core/index.ts';
import { DEFAULT_MAX_ATTEMPTS, LIMITS } from './defaults.ts';
import type {
  ClaimRequest,
  EnqueueOptions,
  Failure,
  JobPayload,
  Lease,
  NewJob,
  OnConflict,
} from './types.ts';

/**
 * Checks of every input the adapters take, shared so that both refuse the same things with the same
 * message before any SQL runs.
 */

/** A job ready for the adapter's INSERT: checked, payload serialised, max attempts filled in. */
export type PreparedJob = {
  workspaceId: number;
  kind: string;
  key: string;
  payload: string;
  runAt: number;
  maxAttempts: number;
};

const KIND = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;
const CONFLICT_MODES: readonly OnConflict[] = ['keep', 'replace'];
const JOB_FIELDS = new Set(['workspaceId', 'kind', 'key', 'runAt', 'payload', 'maxAttempts']);

const bad = (message: string) => new AppError('bad_request', message);

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw bad(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** An epoch-millisecond time. */
export const checkTime = (name: string, value: unknown): number => integer(name, value, 0, LIMITS.time);

export const checkWorkspaceId = (value: unknown): number =>
  integer('workspaceId', value, 1, Number.MAX_SAFE_INTEGER);

export function checkIds(ids: readonly unknown[]): number[] {
  if (!Array.isArray(ids)) throw bad('ids must be an array of job ids');
  return ids.map((id) => integer('job id', id, 1, Number.MAX_SAFE_INTEGER));
}

function text(name: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw bad(`${name} must be a string of 1 to ${max} characters, got ${JSON.stringify(value)}`);
  }
  return value;
}

export const checkKey = (value: unknown): string => text('key', value, LIMITS.keyLength);

export function checkKeys(keys: readonly unknown[]): string[] {
  if (!Array.isArray(keys)) throw bad('keys must be an array of job keys');
  return keys.map(checkKey);
}

export function checkKind(value: unknown): string {
  const kind = text('kind', value, LIMITS.kindLength);
  if (!KIND.test(kind))
    throw bad(`kind must be a dotted lower-case name such as "predict.fit", got "${kind}"`);
  return kind;
}

export const checkWorkerId = (value: unknown): string => text('workerId', value, LIMITS.workerIdLength);

/** Refuses what JSON would change on the way through (NaN, undefined, dates, class instances). */
function checkJson(value: unknown, at: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw bad(`payload${at} is ${value}, which JSON cannot hold`);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkJson(value[i], `${at}[${i}]`);
    return;
  }
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw bad(`payload${at} must be JSON (null, boolean, number, string, array or plain object)`);
  }
  for (const [k, v] of Object.entries(value as object)) checkJson(v, `${at}.${k}`);
}

/** The payload as JSON text, checked: a plain object of JSON values, at most `LIMITS.payloadBytes`. */
export function checkPayload(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad('payload must be a JSON object');
  }
  checkJson(value, '');
  const json = JSON.stringify(value as JobPayload);
  if (Buffer.byteLength(json) > LIMITS.payloadBytes) {
    throw bad(`payload is over ${LIMITS.payloadBytes} bytes of JSON; keep ids in it, not documents`);
  }
  return json;
}

/**
 * Checks a batch to enqueue and folds repeated keys into one job, as the conflict mode would have
 * (`keep`: the first wins; `replace`: the last). PostgreSQL refuses to upsert one row twice in a
 * statement, and SQLite would do it in order, so both adapters get unique keys.
 */
export function prepareJobs(jobs: readonly NewJob[], options: EnqueueOptions): PreparedJob[] {
  if (!Array.isArray(jobs)) throw bad('jobs must be an array');
  checkTime('now', options?.now);
  if (!CONFLICT_MODES.includes(options.onConflict)) {
    throw bad(`onConflict must be "keep" or "replace", got ${JSON.stringify(options.onConflict)}`);
  }
  const byKey = new Map<string, PreparedJob>();
  for (const job of jobs) {
    const unknown = Object.keys(job ?? {}).filter((k) => !JOB_FIELDS.has(k));
    if (unknown.length > 0) throw bad(`unknown job field ${JSON.stringify(unknown[0])}`);
    const prepared: PreparedJob = {
      workspaceId: checkWorkspaceId(job.workspaceId),
      kind: checkKind(job.kind),
      key: checkKey(job.key),
      payload: checkPayload(job.payload ?? {}),
      runAt: checkTime('runAt', job.runAt),
      maxAttempts: integer('maxAttempts', job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 1, LIMITS.maxAttempts),
    };
    const id = `${prepared.workspaceId}\u0000${prepared.key}`;
    if (options.onConflict === 'replace' || !byKey.has(id)) byKey.set(id, prepared);
  }
  return [...byKey.values()];
}

export const checkLimit = (value: unknown): number => integer('limit', value, 1, LIMITS.claim);

export function checkLease(lease: Lease): Lease {
  return {
    workerId: checkWorkerId(lease?.workerId),
    now: checkTime('now', lease.now),
    leaseMs: integer('leaseMs', lease.leaseMs, 1, LIMITS.leaseMs),
  };
}

/** The kinds a worker runs: at least one; each once, since a claim reads each kind's jobs on its own. */
export function checkKinds(kinds: readonly unknown[]): string[] {
  if (!Array.isArray(kinds) || kinds.length === 0) {
    throw bad('kinds must name at least one kind of job the worker can run');
  }
  return [...new Set(kinds.map(checkKind))];
}

export function checkClaim(request: ClaimRequest): ClaimRequest {
  return { ...checkLease(request), limit: checkLimit(request.limit), kinds: checkKinds(request.kinds) };
}

/** The failure with its error cut to `LIMITS.errorLength` characters and its backoff checked. */
export function checkFailure(failure: Failure): Failure {
  const baseMs = integer('backoff.baseMs', failure?.backoff?.baseMs, 1, LIMITS.baseMs);
  const maxMs = integer('backoff.maxMs', failure.backoff.maxMs, baseMs, LIMITS.maxMs);
  if (typeof failure.error !== 'string') throw bad('error must be a string');
  return {
    error: failure.error.slice(0, LIMITS.errorLength) || 'failed without a message',
    now: checkTime('now', failure.now),
    backoff: { baseMs, maxMs },
  };
}
