import type { Backoff } from './types.ts';

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Attempts before a job is kept as failed: with the default backoff, about 85 minutes of retries. */
export const DEFAULT_MAX_ATTEMPTS = 10;

/** 10 s, 20 s, 40 s, ... capped at an hour: rides out a restart or a short outage of a channel. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 10 * SECOND, maxMs: HOUR };

/**
 * How long a claimed job stays its worker's without a heartbeat. The worker extends its leases every
 * third of this, so a long run keeps its job through one missed beat (a CPU-heavy handler blocking the
 * event loop, a slow database); a worker that died loses its jobs to another within this time plus
 * that worker's poll.
 */
export const DEFAULT_LEASE_MS = 30 * SECOND;

/** The bounds every adapter enforces, so both refuse the same inputs. */
export const LIMITS = {
  maxAttempts: 100,
  keyLength: 500,
  kindLength: 100,
  workerIdLength: 200,
  payloadBytes: 64 * 1024,
  errorLength: 4000,
  /** The largest claim: a worker claims its free slots, never thousands at once. */
  claim: 1000,
  /** Past a day a base delay is a schedule, not a backoff; it also keeps base * 2^30 inside int64. */
  baseMs: DAY,
  maxMs: 365 * DAY,
  leaseMs: DAY,
  /** The latest time accepted anywhere: JavaScript's largest Date. */
  time: 8.64e15,
} as const;
