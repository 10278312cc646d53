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
 * Secrets: `email.smtpUrl` (its password), `email.dkim.privateKey`, `sms.authToken`, `webhook.secret`.
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
          from: Type.Optional(Type.String({ pattern: '^\\+[1-9][0-9]{1,14}$' })),
          messagingServiceSid: Type.Optional(Type.String({ minLength: 1 })),
          statusCallback: Type.Optional(Url('the delivery status callback URL')),
        },
        { additionalProperties: false },
      ),
    ),
    webhook: Type.Optional(
      Type.Object({ secret: Type.String({ minLength: 16 }) }, { additionalProperties: false }),
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
