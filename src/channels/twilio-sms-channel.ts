import { type ChannelCheck, checkFailed, type Verifiable } from './channel-check.ts';
import type { OutboundNet } from './guarded-connect.ts';
import { type HttpLimits, httpExchange } from './http-exchange.ts';
import { failure, resultOfError, transientStatus } from './send-result.ts';
import type { SendResult, SmsChannel, SmsMessage } from './types.ts';

export type TwilioSmsOptions = {
  /** `https://api.twilio.com` unless a compatible provider (or a test server) is named. */
  baseUrl?: string;
  accountSid: string;
  /** The account's auth token, or an API key's secret with `apiKeySid`. */
  authToken: string;
  apiKeySid?: string;
  /** A sender number in E.164 form, or a messaging service (one of the two). */
  from?: string;
  messagingServiceSid?: string;
  /** Where the provider posts the message's later status. */
  statusCallback?: string;
  net: OutboundNet;
  limits?: Partial<HttpLimits>;
};

const LIMITS: HttpLimits = {
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 15_000,
  maxResponseBytes: 64 * 1024,
  maxRedirects: 0,
};

// Twilio's error codes (its "Error and Warning Dictionary") that a retry can fix: rate limiting and
// its own outages. Every other 4xx names something wrong with the message, the number or the account.
const TRANSIENT_CODES = new Set([20429, 20500, 20503, 30001]);

/**
 * SMS through Twilio's Programmable Messaging REST API (or one speaking its request format): a form
 * POST to `<base>/2010-04-01/Accounts/<AccountSid>/Messages.json` with `To`, `From` or
 * `MessagingServiceSid`, `Body` and an optional `StatusCallback`, authenticated with HTTP Basic
 * (RFC 7617), sent through the address guard.
 */
export function createTwilioSmsChannel(options: TwilioSmsOptions): SmsChannel & Verifiable {
  if (!options.from === !options.messagingServiceSid) {
    throw new Error(
      'the SMS provider needs exactly one of a sender number (from) or a messaging service sid',
    );
  }
  const base = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const account = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}`;
  const url = `${account}/Messages.json`;
  const user = options.apiKeySid ?? options.accountSid;
  const authorization = `Basic ${Buffer.from(`${user}:${options.authToken}`).toString('base64')}`;
  const limits = { ...LIMITS, ...options.limits };
  let closed = false;
  return {
    async send(message: SmsMessage): Promise<SendResult> {
      if (closed) return failure(false, 'the SMS channel is closed');
      const form = new URLSearchParams({ To: message.to, Body: message.body });
      if (options.from) form.set('From', options.from);
      if (options.messagingServiceSid) form.set('MessagingServiceSid', options.messagingServiceSid);
      if (options.statusCallback) form.set('StatusCallback', options.statusCallback);
      const headers = {
        authorization,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      };
      try {
        const res = await httpExchange(
          { url, method: 'POST', headers, body: Buffer.from(form.toString()) },
          options.net,
          limits,
        );
        const json = parseJson(res.body);
        if (res.status >= 200 && res.status < 300) {
          return { ok: true, providerId: str(json.sid), detail: str(json.status) };
        }
        const code = typeof json.code === 'number' ? json.code : null;
        const permanent = !transientStatus(res.status) && !(code !== null && TRANSIENT_CODES.has(code));
        const what = [code !== null ? `error ${code}` : null, str(json.message)].filter(Boolean).join(': ');
        return failure(permanent, `SMS provider answered HTTP ${res.status}${what ? ` (${what})` : ''}`);
      } catch (error) {
        return resultOfError(error, 'SMS provider');
      }
    },
    /** Reads the account resource (`GET .../Accounts/<sid>.json`): the credentials work, or why not. */
    async verify(): Promise<ChannelCheck> {
      try {
        const headers = { authorization, accept: 'application/json' };
        const res = await httpExchange(
          { url: `${account}.json`, method: 'GET', headers },
          options.net,
          limits,
        );
        if (res.status === 200) return { ok: true, detail: `the account ${options.accountSid} answers` };
        if (res.status === 401 || res.status === 403) {
          return { ok: false, error: 'the SMS provider refused the account SID and auth token' };
        }
        if (res.status === 404)
          return { ok: false, error: `the SMS provider has no account ${options.accountSid}` };
        return { ok: false, error: `the SMS provider answered HTTP ${res.status}` };
      } catch (error) {
        return checkFailed(resultOfError(error, 'SMS provider'));
      }
    },
    async close() {
      closed = true;
    },
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
