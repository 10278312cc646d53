export { type AddressClass, classifyAddress, type RefusedClass } from './address-class.ts';
export { AddressGuard, type AddressPolicy, type AddressVerdict } from './address-guard.ts';
export type { ChannelCheck, Verifiable } from './channel-check.ts';
export { type ChannelsConfig, ChannelsConfigSchema, DkimSchema } from './channels-config.ts';
export {
  ChannelsConfigError,
  type ChannelsConfigIssue,
  checkChannelsConfig,
} from './check-channels-config.ts';
export { type Channels, type ChannelsDeps, createChannels } from './create-channels.ts';
export {
  type Connector,
  type ConnectTarget,
  connectChecked,
  type Lookup,
  type OutboundNet,
  type ResolvedAddress,
  resolveChecked,
  systemLookup,
  tcpConnector,
} from './guarded-connect.ts';
export { OutboundError, type OutboundFailure } from './outbound-error.ts';
export { type PostmarkOptions, readPostmarkWebhook } from './reports/postmark-webhook.ts';
export type { ReportsResult } from './reports/report-fields.ts';
export {
  createReportReaders,
  type ReportProvider,
  type ReportReaders,
  type ReportRequest,
} from './reports/report-readers.ts';
export { readSendgridEvents, SENDGRID_HEADERS, type SendgridOptions } from './reports/sendgrid-events.ts';
export {
  readSesSnsRequest,
  type SesSnsOptions,
  type SesSnsResult,
  sesReports,
} from './reports/ses-sns-reports.ts';
export { snsCertificateFetcher } from './reports/sns-certificate-fetcher.ts';
export { type CertificateFetcher, isSnsUrl, SnsVerifier } from './reports/sns-verifier.ts';
export {
  createSmtpEmailChannel,
  DKIM_SIGNED_HEADERS,
  type DkimKey,
  type SmtpEmailOptions,
} from './smtp-email-channel.ts';
export { parseSmtpUrl, type SmtpSettings, SmtpUrlError } from './smtp-url.ts';
export { createTwilioSmsChannel, type TwilioSmsOptions } from './twilio-sms-channel.ts';
export type {
  Channel,
  DeliveryReport,
  EmailChannel,
  EmailMessage,
  SendResult,
  SmsChannel,
  SmsMessage,
  WebhookChannel,
  WebhookMessage,
} from './types.ts';
export { createWebhookChannel, WEBHOOK_LIMITS, type WebhookChannelOptions } from './webhook-channel.ts';
export { signWebhook, WEBHOOK_HEADERS } from './webhook-signature.ts';
