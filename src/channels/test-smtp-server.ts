import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { EmailMessage } from './types.ts';

/** One message as the test SMTP server received it. */
export type ReceivedMail = { from: string; to: string[]; raw: string; session: string; user: string | null };

/**
 * Test support: a real SMTP server (smtp-server) on 127.0.0.1. Recipients whose local part is
 * `reject-550` or `defer-451` are refused with that reply; `users` turns AUTH on and requires it;
 * `implicitTls` makes it an smtps server (RFC 8314) with that certificate.
 */
export async function startSmtpServer(
  options: { users?: Record<string, string>; implicitTls?: { key: string; cert: string } } = {},
) {
  const received: ReceivedMail[] = [];
  const sessions: string[] = [];
  const users = options.users;
  const replyError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });
  const server = new SMTPServer({
    logger: false,
    ...(options.implicitTls ? { secure: true, ...options.implicitTls } : {}),
    // The test never speaks TLS: a STARTTLS offer would make the client upgrade against a self-signed cert.
    disabledCommands: users ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !users,
    allowInsecureAuth: true,
    onConnect(session, callback) {
      sessions.push(session.id);
      callback();
    },
    onAuth(auth, _session, callback) {
      if (users?.[auth.username ?? ''] === auth.password) return callback(null, { user: auth.username });
      callback(replyError(535, 'Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      const local = address.address.split('@')[0];
      if (local === 'reject-550') return callback(replyError(550, '5.1.1 No such user here'));
      if (local === 'defer-451') return callback(replyError(451, '4.7.1 Try again later'));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          session: session.id,
          user: typeof session.user === 'string' ? session.user : null,
        });
        callback(null, `2.0.0 Ok: queued as Q${received.length}`);
      });
    },
  });
  // A client that drops the connection (e.g. refusing the certificate) is an error event, not a crash.
  const errors: Error[] = [];
  server.on('error', (error) => errors.push(error));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    sessions,
    errors,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A marketing email as the sender hands it over, with RFC 8058 headers; fields replaced by `over`. */
export const sampleEmail = (over: Partial<EmailMessage> = {}): EmailMessage => ({
  from: 'Loopline Shop <hello@shop.example>',
  to: 'ada@example.com',
  subject: 'Welcome, Ada',
  html: '<p>Hi <b>Ada</b></p>',
  text: 'Hi Ada',
  headers: {
    'List-Unsubscribe': '<https://shop.example/u/abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'X-Loopline-Journey': 'welcome',
  },
  messageId: '<o-17.w-1@shop.example>',
  ...over,
});

/** A header's value in a raw message, unfolded (RFC 5322 section 2.2.3). */
export const headerOf = (raw: string, name: string) =>
  raw.match(new RegExp(`^${name}: ?(.*(?:\\r\\n[ \\t].*)*)`, 'im'))?.[1]?.replace(/\r\n[ \t]+/g, ' ');
