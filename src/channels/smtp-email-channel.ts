import { createTransport, type SMTPPoolOptions } from 'nodemailer';
import type { Clock } from '../core/index.ts';
import { type ChannelCheck, checkFailed, type Verifiable } from './channel-check.ts';
import { connectChecked, type OutboundNet } from './guarded-connect.ts';
import { queueIdOf, smtpFailure } from './smtp-result.ts';
import { parseSmtpUrl, type SmtpSettings } from './smtp-url.ts';
import type { EmailChannel, EmailMessage, SendResult } from './types.ts';

/** A workspace's DKIM key (RFC 6376): the public half is published at `<selector>._domainkey.<domain>`. */
export type DkimKey = { domain: string; selector: string; privateKey: string };

/**
 * The header fields the signature covers. RFC 8058 section 4 asks that a DKIM signature cover both
 * List-Unsubscribe and List-Unsubscribe-Post for one-click unsubscribe to be honoured; From is required
 * by RFC 6376 section 5.4, the others are the ones whose change would mislead the reader.
 */
export const DKIM_SIGNED_HEADERS = [
  'From',
  'To',
  'Subject',
  'Date',
  'Message-ID',
  'Reply-To',
  'MIME-Version',
  'Content-Type',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
];

export type SmtpEmailOptions = {
  /** An `smtp://` or `smtps://` URL (see parseSmtpUrl), or its settings. */
  url: string | SmtpSettings;
  dkim?: DkimKey | null;
  /** Bounded pool: connections at once, and messages before a connection is renewed. */
  maxConnections?: number;
  maxMessages?: number;
  /** When given, every connection goes through the address guard; the operator's own server may skip it. */
  net?: OutboundNet | null;
  timeouts?: { connectMs?: number; greetingMs?: number; socketMs?: number };
  /** The Date header's source (RFC 5322 section 3.6.1); the system clock by default. */
  clock?: Clock;
  /** TLS trust for the server's certificate (e.g. a private CA); verification itself is never turned off. */
  ca?: string;
};

/**
 * Email over SMTP with nodemailer's pooled transport: the message's own Message-ID is kept (so a
 * message sent again after a crash can be recognised), its extra headers set, and the whole signed
 * with the workspace's DKIM key. Reply codes become SendResults (see smtp-result.ts).
 */
export function createSmtpEmailChannel(options: SmtpEmailOptions): EmailChannel & Verifiable {
  const settings = typeof options.url === 'string' ? parseSmtpUrl(options.url) : options.url;
  const timeouts = { connectMs: 10_000, greetingMs: 10_000, socketMs: 60_000, ...options.timeouts };
  const net = options.net;
  const getSocket: SMTPPoolOptions['getSocket'] = (opts, callback) => {
    if (!net) return callback(null, false);
    connectChecked(String(opts.host), Number(opts.port), net, timeouts.connectMs).then(
      (connection) => callback(null, { connection }),
      (error: Error) => callback(error),
    );
  };
  const transport = createTransport({
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: options.maxMessages ?? 100,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTLS,
    ...(settings.auth ? { auth: settings.auth } : {}),
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    ...(options.ca ? { tls: { ca: options.ca } } : {}),
    ...(options.dkim
      ? {
          dkim: {
            domainName: options.dkim.domain,
            keySelector: options.dkim.selector,
            privateKey: options.dkim.privateKey,
            headerFieldNames: DKIM_SIGNED_HEADERS.join(':'),
          },
        }
      : {}),
    ...(net ? { getSocket } : {}),
  });
  let closed = false;
  return {
    async send(message: EmailMessage): Promise<SendResult> {
      if (closed) return { ok: false, permanent: false, error: 'the email channel is closed' };
      try {
        const info = await transport.sendMail({
          from: message.from,
          to: message.to,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          subject: message.subject,
          html: message.html,
          text: message.text,
          headers: { ...message.headers },
          messageId: message.messageId,
          ...(options.clock ? { date: new Date(options.clock.now()) } : {}),
        });
        const response = String(info.response ?? '');
        return { ok: true, providerId: queueIdOf(response), detail: response || null };
      } catch (error) {
        return smtpFailure(error);
      }
    },
    /** Connects, greets and logs in (when the URL has credentials), as a send would, and sends nothing. */
    async verify(): Promise<ChannelCheck> {
      try {
        await transport.verify();
        const login = settings.auth ? `, logged in as ${settings.auth.user}` : '';
        return { ok: true, detail: `connected to ${settings.host}:${settings.port}${login}` };
      } catch (error) {
        return checkFailed(smtpFailure(error));
      }
    },
    async close() {
      closed = true;
      transport.close();
    },
  };
}
