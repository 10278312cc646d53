import type { Clock } from '../core/index.ts';
import { AddressGuard } from './address-guard.ts';
import type { ChannelCheck, Verifiable } from './channel-check.ts';
import { checkFailed } from './channel-check.ts';
import { checkChannelsConfig } from './check-channels-config.ts';
import {
  type Connector,
  type Lookup,
  type OutboundNet,
  systemLookup,
  tcpConnector,
} from './guarded-connect.ts';
import { createReportReaders, type ReportReaders } from './reports/report-readers.ts';
import type { SnsVerifier } from './reports/sns-verifier.ts';
import { createSmtpEmailChannel } from './smtp-email-channel.ts';
import { createTwilioSmsChannel } from './twilio-sms-channel.ts';
import type { EmailChannel, SmsChannel, WebhookChannel } from './types.ts';
import { createWebhookChannel } from './webhook-channel.ts';

export type ChannelsDeps = {
  clock: Clock;
  /** DNS and sockets, injected by tests; the system's by default. */
  lookup?: Lookup;
  connector?: Connector;
  /** Shared by every workspace so that SNS certificates are fetched once per process. */
  snsVerifier?: SnsVerifier;
};

/** The channels one workspace's settings describe; a channel that is not configured is null. */
export type Channels = {
  email: (EmailChannel & Verifiable) | null;
  sms: (SmsChannel & Verifiable) | null;
  webhook: WebhookChannel | null;
  /** The provider webhooks' delivery reports, verified as the settings say. */
  reports: ReportReaders;
  /** The settings page's "test": connects and logs in (email) or reads the account (SMS), sending nothing. */
  test(channel: 'email' | 'sms'): Promise<ChannelCheck>;
  /** Sends a signed test delivery (`{"type":"loopline.test"}`) to a receiver's URL. */
  testWebhook(url: string): Promise<ChannelCheck>;
  close(): Promise<void>;
};

/**
 * Builds a workspace's channels from its settings (see ChannelsConfigSchema), after validating them
 * (throws a ChannelsConfigError that lists every problem). All of them reach the network through one
 * address guard made from the settings' `outbound` policy.
 *
 * @example
 * const channels = createChannels({ email: { smtpUrl: process.env.LOOPLINE_SMTP_URL, guarded: false } }, { clock: systemClock });
 * await channels.test('email'); // { ok: false, error: 'SMTP ECONNECTION: ...' }
 */
export function createChannels(settings: unknown, deps: ChannelsDeps): Channels {
  const config = checkChannelsConfig(settings);
  const net: OutboundNet = {
    guard: new AddressGuard(config.outbound ?? {}),
    lookup: deps.lookup ?? systemLookup,
    connector: deps.connector ?? tcpConnector,
  };
  const { email: e, sms: s, webhook: w } = config;
  const email = e
    ? createSmtpEmailChannel({
        url: e.smtpUrl,
        dkim: e.dkim ?? null,
        maxConnections: e.maxConnections,
        maxMessages: e.maxMessages,
        net: e.guarded === false ? null : net,
        clock: deps.clock,
      })
    : null;
  const sms = s
    ? createTwilioSmsChannel({
        baseUrl: s.baseUrl,
        accountSid: s.accountSid,
        authToken: s.authToken,
        apiKeySid: s.apiKeySid,
        from: s.from,
        messagingServiceSid: s.messagingServiceSid,
        statusCallback: s.statusCallback,
        net,
      })
    : null;
  const webhook = w ? createWebhookChannel({ secret: w.secret, net, clock: deps.clock }) : null;
  return {
    email,
    sms,
    webhook,
    reports: createReportReaders(config.reports, { clock: deps.clock, snsVerifier: deps.snsVerifier }),
    async test(channel) {
      const target = channel === 'email' ? email : sms;
      if (!target)
        return { ok: false, error: `no ${channel === 'email' ? 'email' : 'SMS'} provider is configured` };
      return target.verify();
    },
    async testWebhook(url) {
      if (!webhook) return { ok: false, error: 'no webhook secret is configured' };
      const at = deps.clock.now();
      const result = await webhook.send({
        url,
        id: `test-${at}`,
        body: { type: 'loopline.test', at: new Date(at).toISOString() },
      });
      return result.ok ? { ok: true, detail: `the receiver answered ${result.detail}` } : checkFailed(result);
    },
    async close() {
      await Promise.all([email?.close(), sms?.close(), webhook?.close()]);
    },
  };
}
