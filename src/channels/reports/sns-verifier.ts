import { verify, X509Certificate } from 'node:crypto';
import type { Clock } from '../../core/index.ts';
import { type JsonRecord, text } from './report-fields.ts';

/** Fetches a PEM certificate (injected: production uses HTTPS, tests hand over their own). */
export type CertificateFetcher = (url: string) => Promise<string>;

// The fields each message type signs, in order (Amazon SNS "Verifying the signatures of Amazon SNS messages").
const SIGNED_FIELDS: Record<string, readonly string[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: [
    'Message',
    'MessageId',
    'SubscribeURL',
    'Timestamp',
    'Token',
    'TopicArn',
    'Type',
  ],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

const ALGORITHMS: Record<string, string> = { '1': 'sha1', '2': 'sha256' };

/**
 * Whether a URL is one of Amazon SNS's own HTTPS endpoints (`https://sns.<region>.amazonaws.com/...`):
 * only such URLs are fetched for certificates or handed back to confirm a subscription, so a forged
 * message cannot make Loopline fetch anything else.
 */
export function isSnsUrl(value: string, pathEnding = ''): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    /^sns\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com(\.cn)?$/.test(url.hostname) &&
    url.port === '' &&
    url.username === '' &&
    url.pathname.endsWith(pathEnding)
  );
}

/**
 * Verifies Amazon SNS message signatures (SignatureVersion 1: RSA with SHA-1, 2: RSA with SHA-256)
 * against the signing certificate, which is fetched once per URL and kept.
 */
export class SnsVerifier {
  readonly #fetch: CertificateFetcher;
  readonly #clock: Clock;
  readonly #certificates = new Map<string, Promise<X509Certificate>>();

  constructor(options: { fetchCertificate: CertificateFetcher; clock: Clock }) {
    this.#fetch = options.fetchCertificate;
    this.#clock = options.clock;
  }

  /** Null when the message's signature holds, else why not. */
  async check(message: JsonRecord): Promise<string | null> {
    const type = text(message.Type) ?? '';
    const fields = SIGNED_FIELDS[type];
    if (!fields) return `unknown SNS message type "${type}"`;
    const algorithm = ALGORITHMS[String(message.SignatureVersion)];
    if (!algorithm) return `unsupported SNS SignatureVersion "${message.SignatureVersion}"`;
    const certUrl = text(message.SigningCertURL) ?? '';
    if (!isSnsUrl(certUrl, '.pem')) return `the signing certificate URL is not Amazon SNS's: ${certUrl}`;
    let certificate: X509Certificate;
    try {
      certificate = await this.#certificate(certUrl);
    } catch (error) {
      return `could not fetch the signing certificate: ${(error as Error).message}`;
    }
    const now = this.#clock.now();
    if (Date.parse(certificate.validFrom) > now || Date.parse(certificate.validTo) < now) {
      return 'the signing certificate is not valid now';
    }
    let canonical = '';
    for (const field of fields) {
      const value = message[field];
      if (value === undefined && field === 'Subject') continue;
      if (typeof value !== 'string') return `the SNS message has no ${field}`;
      canonical += `${field}\n${value}\n`;
    }
    const signature = Buffer.from(text(message.Signature) ?? '', 'base64');
    const holds = verify(algorithm, Buffer.from(canonical), certificate.publicKey, signature);
    return holds ? null : 'the SNS signature does not verify';
  }

  #certificate(url: string): Promise<X509Certificate> {
    let pending = this.#certificates.get(url);
    if (!pending) {
      pending = this.#fetch(url).then((pem) => new X509Certificate(pem));
      // A failed fetch is not kept, so the next message tries again.
      pending.catch(() => this.#certificates.delete(url));
      if (this.#certificates.size >= 64) this.#certificates.clear();
      this.#certificates.set(url, pending);
    }
    return pending;
  }
}
