import type { Clock } from '../../core/index.ts';
import type { ChannelsConfig } from '../channels-config.ts';
import { readPostmarkWebhook } from './postmark-webhook.ts';
import { refused } from './report-fields.ts';
import { readSendgridEvents } from './sendgrid-events.ts';
import { readSesSnsRequest, type SesSnsResult } from './ses-sns-reports.ts';
import { snsCertificateFetcher } from './sns-certificate-fetcher.ts';
import { SnsVerifier } from './sns-verifier.ts';

export type ReportProvider = 'ses' | 'sendgrid' | 'postmark';

/** A provider's webhook request as the HTTP edge received it: the raw body and the headers (lower-case names). */
export type ReportRequest = {
  body: Buffer | string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
};

/** Reads the delivery-report webhooks a workspace configured; a provider it did not configure is refused. */
export type ReportReaders = { read(provider: ReportProvider, request: ReportRequest): Promise<SesSnsResult> };

/**
 * The report readers of one workspace's `reports` settings. One SnsVerifier (and so one certificate
 * cache) may be shared by every workspace through `snsVerifier`.
 */
export function createReportReaders(
  config: ChannelsConfig['reports'],
  deps: { clock: Clock; snsVerifier?: SnsVerifier },
): ReportReaders {
  const { clock } = deps;
  let verifier = deps.snsVerifier;
  return {
    async read(provider, request) {
      const header = (name: string) => {
        const v = request.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      if (provider === 'ses' && config?.ses) {
        verifier ??= new SnsVerifier({ clock, fetchCertificate: snsCertificateFetcher() });
        return readSesSnsRequest(request.body, { verifier, clock, topicArns: config.ses.topicArns });
      }
      if (provider === 'sendgrid' && config?.sendgrid) {
        return readSendgridEvents(request.body, request.headers, {
          publicKey: config.sendgrid.publicKey,
          clock,
        });
      }
      if (provider === 'postmark' && config?.postmark) {
        return readPostmarkWebhook(request.body, header('authorization'), { ...config.postmark, clock });
      }
      return refused(`no ${provider} delivery reports are configured for this workspace`);
    },
  };
}
