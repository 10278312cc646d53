import { AddressGuard } from '../address-guard.ts';
import { type OutboundNet, systemLookup, tcpConnector } from '../guarded-connect.ts';
import { httpExchange } from '../http-exchange.ts';
import type { CertificateFetcher } from './sns-verifier.ts';
import { isSnsUrl } from './sns-verifier.ts';

const PUBLIC_ONLY: OutboundNet = { guard: new AddressGuard(), lookup: systemLookup, connector: tcpConnector };

/**
 * The production CertificateFetcher: an HTTPS GET of an Amazon SNS signing certificate, refused for any
 * URL that is not Amazon SNS's, through the address guard with public addresses only, no redirects, 5 s
 * and 16 KiB at most.
 */
export function snsCertificateFetcher(net: OutboundNet = PUBLIC_ONLY): CertificateFetcher {
  const limits = {
    connectTimeoutMs: 5_000,
    totalTimeoutMs: 5_000,
    maxResponseBytes: 16 * 1024,
    maxRedirects: 0,
  };
  return async (url) => {
    if (!isSnsUrl(url, '.pem')) throw new Error(`${url} is not an Amazon SNS certificate URL`);
    const res = await httpExchange({ url, method: 'GET', headers: { accept: '*/*' } }, net, limits);
    if (res.status !== 200 || res.truncated) throw new Error(`${url} answered HTTP ${res.status}`);
    return res.body.toString('utf8');
  };
}
