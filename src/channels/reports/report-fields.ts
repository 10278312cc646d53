import type { DeliveryReport } from '../types.ts';

/** What a report parser made of one provider request: its reports, or why it was refused. */
export type ReportsResult = { ok: true; reports: DeliveryReport[] } | { ok: false; reason: string };

export const refused = (reason: string): ReportsResult => ({ ok: false, reason });

export type JsonRecord = Record<string, unknown>;

export const isRecord = (v: unknown): v is JsonRecord =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A Message-ID without its angle brackets (RFC 5322 msg-id), or null. */
export const bareMessageId = (v: unknown): string | null => text(v)?.trim().replace(/^<|>$/g, '') || null;

/** Epoch ms of an ISO 8601 time or of epoch seconds, else the fallback. */
export function timeOf(v: unknown, fallback: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v * 1000;
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isNaN(t) ? fallback : t;
}

/** Parses a JSON request body, or says it is not JSON. */
export function parseBody(
  body: string | Buffer,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(body.toString()) };
  } catch {
    return { ok: false, reason: 'the body is not JSON' };
  }
}
