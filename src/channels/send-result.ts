import { OutboundError } from './outbound-error.ts';
import type { SendResult } from './types.ts';

/** A failed SendResult. */
export const failure = (permanent: boolean, error: string): SendResult => ({ ok: false, permanent, error });

/**
 * Whether an HTTP status is worth retrying: 408 (timeout), 429 (rate limited) and 5xx are; any other
 * status that is not a success means the request itself is wrong (RFC 9110 section 15).
 */
export const transientStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** The SendResult of an exception a channel caught: its own OutboundErrors say; anything else is transient. */
export function resultOfError(error: unknown, what: string): SendResult {
  if (error instanceof OutboundError) return failure(error.permanent, `${what}: ${error.message}`);
  return failure(false, `${what}: ${(error as Error)?.message ?? String(error)}`);
}
