import { OutboundError } from './outbound-error.ts';
import { failure } from './send-result.ts';
import type { SendResult } from './types.ts';

/** The parts of a nodemailer error this file reads. */
type SmtpError = Error & { code?: string; responseCode?: number; response?: string };

/**
 * The SendResult of a failed SMTP send. Reply codes follow RFC 5321 section 4.2.1: 5yz is a permanent
 * negative completion (the recipient or message is refused: do not repeat it), 4yz a transient one
 * (greylisting, a full queue: try later). Failures with no reply (the connection, TLS, DNS, a timeout)
 * are transient, except a refused address, which repeats on every try.
 */
export function smtpFailure(error: unknown): SendResult {
  const e = error as SmtpError;
  if (e instanceof OutboundError) return failure(e.permanent, `SMTP: ${e.message}`);
  const reply = typeof e?.responseCode === 'number' ? e.responseCode : null;
  const text = (e?.response ?? e?.message ?? String(error)).trim();
  if (reply !== null) return failure(reply >= 500, `SMTP ${reply}: ${text}`);
  // A message nodemailer itself cannot form (no recipients, a bad address) fails the same way again.
  if (e?.code === 'EENVELOPE' || e?.code === 'EMESSAGE') return failure(true, `SMTP: ${text}`);
  return failure(false, `SMTP${e?.code ? ` ${e.code}` : ''}: ${text}`);
}

/**
 * The provider's id of the message from the server's 250 reply, where it reports one: `queued as X`
 * (Postfix and most servers) or `250 Ok <id>` (Amazon SES, whose bounce reports carry that id).
 */
export function queueIdOf(response: string): string | null {
  const queued = response.match(/queued as ([\w.@<>-]+)/i);
  if (queued) return queued[1]!.replace(/^<|>$/g, '');
  const ok = response.match(/^250 (?:2\.0\.0 )?ok:? ([\w-]{8,})\s*$/i);
  return ok ? ok[1]! : null;
}
