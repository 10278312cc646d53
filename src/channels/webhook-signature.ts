import { createHmac } from 'node:crypto';

/** The headers a webhook delivery carries (docs/webhooks.md). */
export const WEBHOOK_HEADERS = {
  timestamp: 'loopline-timestamp',
  signature: 'loopline-signature',
  delivery: 'loopline-delivery-id',
} as const;

/**
 * The signature of a delivery: HMAC-SHA256 (RFC 2104, FIPS 180-4) keyed with the workspace's webhook
 * secret over `<timestamp>.<body>`, where the timestamp is whole seconds since the epoch and the body
 * is exactly the bytes sent; written as `v1=<hex>` so that another scheme can be added beside it.
 */
export function signWebhook(secret: string, timestamp: number, body: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `v1=${mac}`;
}
