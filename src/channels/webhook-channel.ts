import type { Clock } from '../core/index.ts';
import type { OutboundNet } from './guarded-connect.ts';
import { type HttpLimits, httpExchange } from './http-exchange.ts';
import { failure, resultOfError, transientStatus } from './send-result.ts';
import type { SendResult, WebhookChannel, WebhookMessage } from './types.ts';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature.ts';

export type WebhookChannelOptions = {
  /** The workspace's signing secret. */
  secret: string;
  net: OutboundNet;
  clock: Clock;
  limits?: Partial<HttpLimits>;
  userAgent?: string;
};

/** Defaults: 5 s to connect, 15 s in all, 64 KiB of response kept, at most 3 redirects. */
export const WEBHOOK_LIMITS: HttpLimits = {
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 15_000,
  maxResponseBytes: 64 * 1024,
  maxRedirects: 3,
};

/**
 * The webhook channel: a JSON POST of the message body, signed (see webhook-signature.ts), through the
 * address guard. 2xx is delivered; 408, 429, 5xx, timeouts and connection failures are worth a retry;
 * any other answer, a refused address and a redirect loop are permanent.
 */
export function createWebhookChannel(options: WebhookChannelOptions): WebhookChannel {
  const limits = { ...WEBHOOK_LIMITS, ...options.limits };
  let closed = false;
  return {
    async send(message: WebhookMessage): Promise<SendResult> {
      if (closed) return failure(false, 'the webhook channel is closed');
      let body: Buffer;
      try {
        body = Buffer.from(JSON.stringify(message.body ?? null));
      } catch (error) {
        return failure(true, `webhook: the body cannot be sent as JSON: ${(error as Error).message}`);
      }
      const timestamp = Math.floor(options.clock.now() / 1000);
      const headers: Record<string, string> = {};
      const own = new Set<string>([...Object.values(WEBHOOK_HEADERS), 'content-type', 'user-agent']);
      for (const [k, v] of Object.entries(message.headers ?? {}))
        if (!own.has(k.toLowerCase())) headers[k] = v;
      Object.assign(headers, {
        'content-type': 'application/json',
        'user-agent': options.userAgent ?? 'Loopline-Webhooks/1',
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(options.secret, timestamp, body),
        [WEBHOOK_HEADERS.delivery]: message.id,
      });
      try {
        const res = await httpExchange(
          { url: message.url, method: 'POST', headers, body },
          options.net,
          limits,
        );
        if (res.status >= 200 && res.status < 300)
          return { ok: true, providerId: null, detail: `HTTP ${res.status}` };
        const excerpt = res.body.toString('utf8', 0, Math.min(res.body.length, 200));
        return failure(
          !transientStatus(res.status),
          `webhook answered HTTP ${res.status}${excerpt ? `: ${excerpt}` : ''}`,
        );
      } catch (error) {
        return resultOfError(error, 'webhook');
      }
    },
    async close() {
      closed = true;
    },
  };
}
