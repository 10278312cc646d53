import { type Static, Type } from 'typebox';
import { MESSAGE_TYPES } from '../core/index.ts';

/**
 * The touchpoint configuration, defined once: validation, documentation and the TypeScript types all
 * come from these schemas.
 *
 * A rule is `{ when, channel }` or `{ when, touchpoint }`; every condition in `when` must hold, and `{}`
 * matches every event. Conditions that take text take one value or a list, any of which may match.
 * Text is matched as a glob: `*` stands for any run of characters (`/` and `.` included), nothing else
 * is special, and case is ignored everywhere, since senders disagree on it (`Google`, `google`).
 * A condition whose field the event lacks never holds.
 */
const Glob = Type.String({ minLength: 1, maxLength: 512, description: 'a non-empty glob pattern' });
const Globs = Type.Union([Glob, Type.Array(Glob, { minItems: 1, maxItems: 500 })], {
  description: 'a glob pattern or a non-empty list of them',
});

const ParamName = Type.String({ minLength: 1, maxLength: 128, description: 'a non-empty parameter name' });

const MessageTypeSchema = Type.Enum([...MESSAGE_TYPES], {
  description: `one of ${MESSAGE_TYPES.join(', ')}`,
});

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], {
  description: 'a string, number, boolean or null',
});

/** The fields of the `property` condition, also used one by one to validate it. */
export const PROPERTY_FIELDS = {
  /** Resolved in `properties`, unless its first segment is `properties`, `context` or `traits`. */
  name: Type.String({
    pattern: '^[^.]+(\\.[^.]+)*$',
    maxLength: 256,
    description: 'a dotted path such as plan or context.library.name',
  }),
  /** Any of these values (strict equality); without it the condition asks for a non-null value. */
  equals: Type.Optional(
    Type.Union([Scalar, Type.Array(Scalar, { minItems: 1, maxItems: 500 })], {
      description: 'a string, number, boolean or null, or a non-empty list of them',
    }),
  ),
};

/** Compares one value of the event; see PROPERTY_FIELDS. */
export const PropertyConditionSchema = Type.Object(PROPERTY_FIELDS, { additionalProperties: false });

/** Every condition a rule's `when` may hold, also used one by one to validate it. */
export const CONDITIONS = {
  /** The message type, e.g. `track` or `screen`. */
  type: Type.Optional(
    Type.Union([MessageTypeSchema, Type.Array(MessageTypeSchema, { minItems: 1 })], {
      description: `one of ${MESSAGE_TYPES.join(', ')}, or a non-empty list of them`,
    }),
  ),
  /** The event name of a track call (never holds for other types). */
  event: Type.Optional(Globs),
  /**
   * The page path (context.page.path, else properties.path of a page call, else the path of the page
   * URL), e.g. `/blog/*`. A pattern not ending in `*` or `/` also matches with a trailing slash.
   */
  path: Type.Optional(Globs),
  /** context.campaign.source, else the page URL's utm_source. */
  utmSource: Type.Optional(Globs),
  /** context.campaign.medium, else utm_medium. */
  utmMedium: Type.Optional(Globs),
  /** context.campaign.name, else utm_campaign. */
  utmCampaign: Type.Optional(Globs),
  /** Host of an external referrer, `www.` dropped; referrers from the page's own host do not count. */
  referrerDomain: Type.Optional(Globs),
  /** Names of page URL query parameters, any of which must be present and non-empty (click ids). */
  queryParam: Type.Optional(
    Type.Union([ParamName, Type.Array(ParamName, { minItems: 1, maxItems: 100 })], {
      description: 'a parameter name or a non-empty list of them',
    }),
  ),
  /** A value of the message compared exactly, e.g. `{ name: 'plan', equals: ['pro', 'team'] }`. */
  property: Type.Optional(PropertyConditionSchema),
};

/** When a channel rule applies: every condition given must hold. */
export const ChannelConditionsSchema = Type.Object(CONDITIONS, { additionalProperties: false });

/** Touchpoint rules may also test the channel already chosen for the event. */
export const TOUCHPOINT_CONDITIONS = { ...CONDITIONS, channel: Type.Optional(Globs) };

/** When a touchpoint rule applies: every condition given must hold. */
export const TouchpointConditionsSchema = Type.Object(TOUCHPOINT_CONDITIONS, { additionalProperties: false });

// Names are grouped on and shown in reports, so keep them to one spelling convention.
export const NameSchema = Type.String({
  pattern: '^[a-z0-9][a-z0-9_:.-]*$',
  maxLength: 64,
  description: 'a lowercase name of letters, digits, _ : . or - (at most 64 characters)',
});

export const ChannelRuleSchema = Type.Object(
  { when: ChannelConditionsSchema, channel: NameSchema },
  { additionalProperties: false },
);

export const TouchpointRuleSchema = Type.Object(
  { when: TouchpointConditionsSchema, touchpoint: NameSchema },
  { additionalProperties: false },
);

/** Most rules of each kind a configuration may hold. */
export const MAX_RULES = 1000;

/** Ordered rules tried before the defaults; the first rule that matches decides. */
export const TouchpointConfigSchema = Type.Object(
  {
    /** Set to false to skip DEFAULT_TOUCHPOINT_RULES; the built-in fallbacks still apply. */
    defaults: Type.Optional(Type.Boolean()),
    channels: Type.Optional(Type.Array(ChannelRuleSchema, { maxItems: MAX_RULES })),
    touchpoints: Type.Optional(Type.Array(TouchpointRuleSchema, { maxItems: MAX_RULES })),
  },
  { additionalProperties: false },
);

/** A workspace's rules beside the built-in defaults, as the settings API shows them. */
export const TouchpointSettingsSchema = Type.Object({
  rules: TouchpointConfigSchema,
  defaults: TouchpointConfigSchema,
});

export type PropertyCondition = Static<typeof PropertyConditionSchema>;
export type ChannelConditions = Static<typeof ChannelConditionsSchema>;
export type TouchpointConditions = Static<typeof TouchpointConditionsSchema>;
export type ChannelRule = Static<typeof ChannelRuleSchema>;
export type TouchpointRule = Static<typeof TouchpointRuleSchema>;
export type TouchpointConfig = Static<typeof TouchpointConfigSchema>;
export type TouchpointSettingsView = Static<typeof TouchpointSettingsSchema>;
