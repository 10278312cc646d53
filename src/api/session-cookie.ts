import type { FastifyReply, FastifyRequest } from 'fastify';

/** The dashboard's session cookie. */
export const SESSION_COOKIE = 'loopline_session';

/** The value of one cookie from the Cookie header, or undefined. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Sets (or with `token` null, clears) the session cookie: HttpOnly so scripts never read it, SameSite=Lax
 * so other sites' forms and fetches do not carry it, Secure when the browser came over https.
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string | null,
  maxAgeMs = 0,
): void {
  const parts = [
    `${SESSION_COOKIE}=${token ? encodeURIComponent(token) : ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${token ? Math.floor(maxAgeMs / 1000) : 0}`,
  ];
  if (request.protocol === 'https') parts.push('Secure');
  reply.header('set-cookie', parts.join('; '));
}

/** True when the request's Origin is this server as the browser reached it. */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  return origin !== undefined && origin === `${request.protocol}://${request.host}`;
}

export const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
