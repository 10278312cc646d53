import { type Static, Type } from 'typebox';

const Url = (description: string) => Type.String({ minLength: 1, description });

/** A workspace's DKIM key: `privateKey` is an RSA key (at least 1024 bits) in PEM, PKCS#1 or PKCS#8. Secret. */
export const DkimSchema = Type.Object(
  {
    domain: Type.String({
      pattern: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$',
    }),
    selector: Type.String({ pattern: '^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$' }),
    privateKey: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

/**
 * The channel settings of one workspace, as the settings page and `LOOPLINE_SMTP_URL` give them.
 * Secrets: `email.smtpUrl` (its password), `email.dkim.privateKey`, `sms.authToken`, `webhook.secret`,
 * `reports.postmark.password`.
 */
export const ChannelsConfigSchema = Type.Object(
  {
    email: Type.Optional(
      Type.Object(
        {
          smtpUrl: Url('smtp://user:password@host:port or smtps://...'),
          dkim: Type.Optional(DkimSchema),
          maxConnections: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
          maxMessages: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
          /**
           * Whether connections go through the outbound address guard (default true). The operator's
           * own server (LOOPLINE_SMTP_URL, often a relay on localhost) is trusted and passes false.
           */
          guarded: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    sms: Type.Optional(
      Type.Object(
        {
          provider: Type.Literal('twilio'),
          baseUrl: Type.Optional(Url('the provider API base URL')),
          accountSid: Type.String({ minLength: 1 }),
          authToken: Type.String({ minLength: 1 }),
          apiKeySid: Type.Optional(Type.String({ minLength: 1 })),
          /** An E.164 number, or an alphanumeric sender ID (up to 11 letters and digits) where allowed. */
          from: Type.Optional(
            Type.String({ pattern: '^(\\+[1-9][0-9]{1,14}|(?=[0-9 ]*[A-Za-z])[A-Za-z0-9 ]{1,11})$' }),
          ),
          messagingServiceSid: Type.Optional(Type.String({ minLength: 1 })),
          statusCallback: Type.Optional(Url('the delivery status callback URL')),
        },
        { additionalProperties: false },
      ),
    ),
    webhook: Type.Optional(
      Type.Object({ secret: Type.String({ minLength: 16 }) }, { additionalProperties: false }),
    ),
    /** The delivery-report webhooks this workspace receives, and how each is authenticated. */
    reports: Type.Optional(
      Type.Object(
        {
          /** Amazon SES via SNS: the topics the workspace subscribed (any AWS account can sign for its own). */
          ses: Type.Optional(
            Type.Object(
              {
                topicArns: Type.Array(
                  Type.String({ pattern: '^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]{1,256}$' }),
                  {
                    minItems: 1,
                    maxItems: 20,
                  },
                ),
              },
              { additionalProperties: false },
            ),
          ),
          /** SendGrid's signed Event Webhook: its verification key (ECDSA P-256, base64 DER). */
          sendgrid: Type.Optional(
            Type.Object({ publicKey: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
          ),
          /** Postmark: the Basic credentials put in the webhook URL. Secret. */
          postmark: Type.Optional(
            Type.Object(
              { username: Type.String({ minLength: 1 }), password: Type.String({ minLength: 16 }) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    /** Which non-public addresses this workspace's channels may reach (see address-guard.ts). */
    outbound: Type.Optional(
      Type.Object(
        {
          allowPrivate: Type.Optional(Type.Boolean()),
          allow: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type ChannelsConfig = Static<typeof ChannelsConfigSchema>;
