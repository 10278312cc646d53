/** Where and how to reach an SMTP server, as read from an `smtp://` or `smtps://` URL. */
export type SmtpSettings = {
  host: string;
  port: number;
  /** TLS from the first byte (smtps, RFC 8314 implicit TLS); otherwise STARTTLS when offered. */
  secure: boolean;
  /** Refuse to send over a connection that STARTTLS did not protect (`?requireTLS=true`). */
  requireTLS: boolean;
  auth: { user: string; pass: string } | null;
};

const PARAMS = ['requireTLS'];

/** An SMTP URL that cannot be used; the message never contains the password. */
export class SmtpUrlError extends Error {
  override name = 'SmtpUrlError';
}

/**
 * Reads the LOOPLINE_SMTP_URL format: `smtp://user:password@host:587` (STARTTLS when the server offers
 * it) or `smtps://user:password@host:465` (implicit TLS), with user and password percent-encoded, and
 * optionally `?requireTLS=true`. Throws an SmtpUrlError that says what is wrong.
 *
 * @example parseSmtpUrl('smtps://apikey:s3cret@smtp.example.com') // { host: 'smtp.example.com', port: 465, secure: true, ... }
 */
export function parseSmtpUrl(text: string, name = 'the SMTP URL'): SmtpSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SmtpUrlError(`${name} is not a URL: expected smtp://user:password@host:port or smtps://...`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new SmtpUrlError(`${name} must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  if (!url.hostname) throw new SmtpUrlError(`${name} has no host`);
  if (url.pathname && url.pathname !== '/')
    throw new SmtpUrlError(`${name} must have no path (got ${url.pathname})`);
  for (const key of url.searchParams.keys()) {
    if (!PARAMS.includes(key))
      throw new SmtpUrlError(`${name} has an unknown parameter "${key}" (known: ${PARAMS})`);
  }
  const requireTLS = url.searchParams.get('requireTLS');
  if (requireTLS !== null && requireTLS !== 'true' && requireTLS !== 'false') {
    throw new SmtpUrlError(`${name}: requireTLS must be true or false`);
  }
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    throw new SmtpUrlError(`${name} has a user or password that is not correctly percent-encoded`);
  }
  if (pass && !user) throw new SmtpUrlError(`${name} has a password but no user`);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: requireTLS === 'true',
    auth: user ? { user, pass } : null,
  };
}
