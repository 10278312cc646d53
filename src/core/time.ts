/** Durations in milliseconds, the unit of every time in Loopline. */
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/** An epoch-millisecond time as ISO 8601 in UTC, the form the API writes every time in. */
export const iso = (ms: number): string => new Date(ms).toISOString();
