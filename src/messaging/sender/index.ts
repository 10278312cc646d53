export { cacheKeyOf, emailOf, messageDomain, renderInput } from './compose.ts';
export { deliveryEvent, trackName } from './delivery-facts.ts';
export { bestHourAt, capAllowsAt, quietUntil, zoneOf } from './send-policy.ts';
export { SEND_ATTEMPTS, SEND_BACKOFF, Sender, type SendOutcome, TransientSendError } from './sender.ts';
export type {
  MessageRenderer,
  Recipient,
  SendChannels,
  SenderDeps,
  SenderLinks,
  SenderUnit,
} from './sender-deps.ts';
export type { TestSendRequest, TestSendResult } from './test-send.ts';
