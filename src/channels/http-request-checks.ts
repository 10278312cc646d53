import { validateHeaderName, validateHeaderValue } from 'node:http';
import { OutboundError } from './outbound-error.ts';

/** Parses a URL to send to: http or https only. */
export function parseUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
    decodeURIComponent(url.username + url.password);
  } catch {
    throw new OutboundError('invalid', `"${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError('invalid', `${url.protocol} URLs are not sent to (only http and https)`);
  }
  return url;
}

// Framing and connection headers are the exchange's own (RFC 9110 section 7.6.1, RFC 9112 section 6):
// a caller's copy could split or smuggle the request.
const FRAMING =
  /^(host|content-length|transfer-encoding|connection|keep-alive|te|trailer|upgrade|proxy-.*)$/i;

/** The caller's headers less the framing ones; a name or value HTTP cannot carry is refused. */
export function checkedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch {
      throw new OutboundError(
        'invalid',
        `the header ${JSON.stringify(name)} cannot be sent (invalid name or value)`,
      );
    }
    if (!FRAMING.test(name)) out[name] = value;
  }
  return out;
}

/**
 * The headers a redirected request carries: without the body's headers when the body is dropped, and
 * without credentials when the redirect leaves the origin (as the Fetch standard does).
 */
export function redirectHeaders(
  headers: Readonly<Record<string, string>>,
  how: { keepBody: boolean; sameOrigin: boolean },
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([k]) =>
        (how.keepBody || !/^content-/i.test(k)) && (how.sameOrigin || !/^(authorization|cookie)$/i.test(k)),
    ),
  );
}
