import { createPrivateKey, createPublicKey } from 'node:crypto';
import { Value } from 'typebox/value';
import { type ChannelsConfig, ChannelsConfigSchema } from './channels-config.ts';
import { parseNetwork } from './ip-address.ts';
import { parseSmtpUrl } from './smtp-url.ts';

/** One problem in a workspace's channel settings: where (`email.dkim.selector`) and what. */
export type ChannelsConfigIssue = { path: string; message: string };

/** Thrown for channel settings that do not validate; its message lists every issue. */
export class ChannelsConfigError extends Error {
  override name = 'ChannelsConfigError';
  readonly issues: readonly ChannelsConfigIssue[];
  constructor(issues: readonly ChannelsConfigIssue[]) {
    super(
      `Invalid channel settings:\n${issues.map((i) => `  ${i.path || '(settings)'}: ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

const pathOf = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .reduce((p, part) => (/^\d+$/.test(part) ? `${p}[${part}]` : p ? `${p}.${part}` : part), '');

function schemaIssues(input: unknown): ChannelsConfigIssue[] {
  const issues: ChannelsConfigIssue[] = [];
  for (const e of Value.Errors(ChannelsConfigSchema, input)) {
    // TypeBox reports an unknown key twice (at the key, and as additionalProperties at its parent).
    if (e.keyword === 'additionalProperties') continue;
    const message = e.keyword === 'boolean' ? 'is not a known setting' : e.message;
    issues.push({ path: pathOf(e.instancePath), message });
  }
  return issues;
}

const attempt = (issues: ChannelsConfigIssue[], path: string, check: () => unknown) => {
  try {
    check();
  } catch (error) {
    issues.push({ path, message: (error as Error).message });
  }
};

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

// RFC 8301 section 3.2: signers must use RSA keys of at least 1024 bits (2048 recommended). Nodemailer
// signs with rsa-sha256 only, so an Ed25519 key (RFC 8463) is refused here rather than at send time.
function checkDkimKey(pem: string): void {
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error('is not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`must be an RSA key (got ${key.asymmetricKeyType})`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024) throw new Error(`must have at least 1024 bits, 2048 recommended (got ${bits})`);
}

function checkSendgridKey(base64: string): void {
  let type: string | undefined;
  try {
    type = createPublicKey({
      key: Buffer.from(base64, 'base64'),
      format: 'der',
      type: 'spki',
    }).asymmetricKeyType;
  } catch {
    throw new Error('is not a public key in base64 DER form (copy it from the Event Webhook settings)');
  }
  if (type !== 'ec') throw new Error(`must be an ECDSA key (got ${type})`);
}

/**
 * Validates a workspace's channel settings: their shape (TypeBox), then what a schema cannot say (the
 * SMTP URL parses, the DKIM key is a private key, the allow-list holds networks, an SMS sender is
 * named exactly once). Throws a ChannelsConfigError listing every problem; returns the settings.
 */
export function checkChannelsConfig(input: unknown): ChannelsConfig {
  const issues = schemaIssues(input);
  if (issues.length > 0) throw new ChannelsConfigError(issues);
  const config = input as ChannelsConfig;
  const { email, sms, outbound } = config;
  if (email) attempt(issues, 'email.smtpUrl', () => parseSmtpUrl(email.smtpUrl, 'the SMTP URL'));
  if (email?.dkim) {
    const key = email.dkim.privateKey;
    attempt(issues, 'email.dkim.privateKey', () => checkDkimKey(key));
  }
  if (sms && !sms.from === !sms.messagingServiceSid) {
    issues.push({
      path: 'sms',
      message: 'needs exactly one of from (an E.164 number) or messagingServiceSid',
    });
  }
  for (const field of ['baseUrl', 'statusCallback'] as const) {
    const value = sms?.[field];
    if (value !== undefined && !isHttpUrl(value))
      issues.push({ path: `sms.${field}`, message: 'must be an http(s) URL' });
  }
  const sendgrid = config.reports?.sendgrid;
  if (sendgrid) attempt(issues, 'reports.sendgrid.publicKey', () => checkSendgridKey(sendgrid.publicKey));
  (outbound?.allow ?? []).forEach((entry, i) => {
    attempt(issues, `outbound.allow[${i}]`, () => parseNetwork(entry));
  });
  if (issues.length > 0) throw new ChannelsConfigError(issues);
  return config;
}
