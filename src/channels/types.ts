/**
 * The channels Loopline delivers through, as the messaging sender sees them: each takes one rendered
 * message and says what happened, never throwing for a delivery failure (a failure is a value that
 * says whether trying again can help).
 */

/** An email ready for the wire: rendered, its links signed, its headers (List-Unsubscribe, ...) set. */
export type EmailMessage = {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058). */
  headers: Readonly<Record<string, string>>;
  /**
   * A deterministic Message-ID (`<id@domain>`) derived from the outbox row: a message that a crash
   * left ambiguous carries the same id when it is sent again.
   */
  messageId: string;
};

/** A text message for a phone number in E.164 form. */
export type SmsMessage = { to: string; body: string };

/** A JSON POST to a customer-facing system, signed by the channel. */
export type WebhookMessage = {
  url: string;
  /** Serialised once by the channel; the signature covers exactly the bytes sent. */
  body: unknown;
  /** Sent as well; the channel's own signature headers win over any of the same name. */
  headers?: Readonly<Record<string, string>>;
  /** Unique per delivery, repeated on a retry so that the receiver can drop duplicates. */
  id: string;
};

/**
 * What a delivery attempt came to. `permanent` failures are never retried (a rejected recipient, a 4xx
 * from a webhook other than 408/429); the others are retried with backoff by the sender.
 */
export type SendResult =
  | { ok: true; providerId: string | null; detail: string | null }
  | { ok: false; permanent: boolean; error: string };

export interface Channel<M> {
  send(message: M): Promise<SendResult>;
  /** Closes pooled connections; the channel sends nothing afterwards. */
  close(): Promise<void>;
}

export type EmailChannel = Channel<EmailMessage>;
export type SmsChannel = Channel<SmsMessage>;
export type WebhookChannel = Channel<WebhookMessage>;

/**
 * A provider's report about a message after it left (a bounce, a complaint, a delivery), in one shape
 * whichever provider sent it: the messaging capability turns it into suppressions and delivery events.
 */
export type DeliveryReport = {
  kind: 'delivered' | 'bounced' | 'complained';
  /** For bounces: hard (the address does not exist: suppress it) or soft (try again later). */
  bounce: 'hard' | 'soft' | null;
  email: string;
  /** The Message-ID we sent (angle brackets stripped), when the provider reports it. */
  messageId: string | null;
  /** The provider's own id of the message, when it reports one. */
  providerId: string | null;
  at: number;
  detail: string | null;
};
