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
