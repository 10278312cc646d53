import { type IncomingHttpHeaders, request } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { connectChecked, type OutboundNet } from './guarded-connect.ts';
import { checkedHeaders, parseUrl, redirectHeaders } from './http-request-checks.ts';
import { OutboundError } from './outbound-error.ts';

export type HttpRequest = {
  url: string;
  method: 'POST' | 'GET';
  headers: Readonly<Record<string, string>>;
  body?: Buffer;
};

export type HttpLimits = {
  connectTimeoutMs: number;
  /** For the whole exchange, redirects included. */
  totalTimeoutMs: number;
  /** Bytes of response body kept; the rest is not read (the connection is dropped). */
  maxResponseBytes: number;
  maxRedirects: number;
};

export type HttpResponse = {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  truncated: boolean;
  /** The URL that answered, after redirects. */
  url: string;
};

type Hop = Omit<HttpRequest, 'url'> & { url: URL };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * One HTTP/1.1 request through the address guard: every hop's host is resolved and checked, and the
 * request goes over a socket connected to the checked address. Redirects are followed up to the limit,
 * each one checked again; 301/302/303 turn into a GET without body (as the Fetch standard does), 307
 * and 308 repeat the request, and a redirect from https to http is refused. Throws OutboundError.
 */
export async function httpExchange(
  req: HttpRequest,
  net: OutboundNet,
  limits: HttpLimits,
): Promise<HttpResponse> {
  const deadline = Date.now() + limits.totalTimeoutMs;
  let hop: Hop = { ...req, headers: checkedHeaders(req.headers), url: parseUrl(req.url) };
  for (let redirects = 0; ; redirects++) {
    const res = await oneHop(hop, net, limits, deadline);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.status) || location === undefined) return { ...res, url: hop.url.href };
    if (redirects >= limits.maxRedirects) {
      throw new OutboundError('redirect', `more than ${limits.maxRedirects} redirects (last to ${location})`);
    }
    const next = parseUrl(location, hop.url);
    if (hop.url.protocol === 'https:' && next.protocol === 'http:') {
      throw new OutboundError('redirect', `refused a redirect from https to ${next.href}`);
    }
    const keep = res.status === 307 || res.status === 308;
    const headers = redirectHeaders(hop.headers, {
      keepBody: keep,
      sameOrigin: next.origin === hop.url.origin,
    });
    hop = keep ? { ...hop, headers, url: next } : { method: 'GET', headers, url: next };
  }
}

async function secure(socket: Socket, url: URL, ms: number, ca: string | undefined): Promise<Socket> {
  // The certificate is checked against the URL's host (a name, or an IP address's SAN); SNI only
  // carries names (RFC 6066 section 3).
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const servername = isIP(host) ? undefined : host;
  const tls = tlsConnect({ socket, host, servername, ALPNProtocols: ['http/1.1'], ...(ca ? { ca } : {}) });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => tls.destroy(new OutboundError('timeout', `TLS with ${url.host} took too long`)),
      ms,
    );
    tls.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(tls);
    });
    tls.once('error', (e) => {
      clearTimeout(timer);
      reject(
        e instanceof OutboundError ? e : new OutboundError('connect', `TLS with ${url.host}: ${e.message}`),
      );
    });
  });
}

async function oneHop(
  hop: Hop,
  net: OutboundNet,
  limits: HttpLimits,
  deadline: number,
): Promise<Omit<HttpResponse, 'url'>> {
  const { url } = hop;
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const left = () => Math.max(1, deadline - Date.now());
  const plain = await connectChecked(url.hostname, port, net, Math.min(limits.connectTimeoutMs, left()));
  const socket = url.protocol === 'https:' ? await secure(plain, url, left(), net.ca) : plain;
  const headers: Record<string, string> = { ...hop.headers, host: url.host, connection: 'close' };
  if (url.username && !Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')) {
    const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.authorization = `Basic ${Buffer.from(user).toString('base64')}`;
  }
  if (hop.body) headers['content-length'] = String(hop.body.length);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new OutboundError(
        'timeout',
        `no complete answer from ${url.host} within ${limits.totalTimeoutMs} ms`,
      );
      reject(error);
      req.destroy(error);
      socket.destroy();
    }, left());
    const fail = (e: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(e instanceof OutboundError ? e : new OutboundError('connect', `${url.host}: ${e.message}`));
    };
    const req = request(
      { method: hop.method, path: `${url.pathname}${url.search}`, headers, createConnection: () => socket },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (truncated: boolean) => {
          clearTimeout(timer);
          socket.destroy();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            truncated,
          });
        };
        res.on('data', (chunk: Buffer) => {
          const room = limits.maxResponseBytes - size;
          chunks.push(chunk.subarray(0, Math.max(0, room)));
          size += chunk.length;
          if (size > limits.maxResponseBytes) done(true);
        });
        res.once('end', () => done(false));
        res.once('error', fail);
      },
    );
    req.once('error', fail);
    req.end(hop.body);
  });
}
