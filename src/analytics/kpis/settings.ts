import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';

/**
 * What the KPIs read and the thresholds they use, per workspace. Event names default to Segment's specs
 * (e-commerce, B2B SaaS, email) and to Loopline's own names where Segment has none (surveys, tickets,
 * referrals, loyalty). A workspace stores only the fields it overrides; `analyticsSettings` fills in the rest.
 */

const EventName = Type.String({ minLength: 1, maxLength: 200, description: 'an event name' });
const EventNames = Type.Array(EventName, { maxItems: 50, description: 'a list of event names' });
const PropertyName = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[^.]+$',
  description: 'a top-level property name',
});
const Stages = Type.Union(
  [Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100 }), Type.Null()],
  {
    description: 'a list of stage keys, or null for the default',
  },
);
const int = (minimum: number, maximum: number, description: string) =>
  Type.Integer({
    minimum,
    maximum,
    description: `${description} (an integer from ${minimum} to ${maximum})`,
  });

/** Every setting with its schema; each is optional in the stored overrides. */
export const ANALYTICS_SETTING_FIELDS = {
  /** Orders: revenue, AOV, CAC, repeat purchase... (the value is properties.revenue, else total, else value). */
  purchaseEvent: EventName,
  /** A customer's first event of any of these makes them a lead (signup, demo request...). */
  leadEvents: EventNames,
  cartEvent: EventName,
  checkoutEvent: EventName,
  promotionViewEvent: EventName,
  promotionClickEvent: EventName,
  /** Events that make a session engaged (GA4 key events); null: the purchase and lead events. */
  keyEvents: Type.Union([EventNames, Type.Null()], { description: 'a list of event names, or null' }),
  /**
   * Events that are not visits (sent by an email service, a helpdesk or a back office): left out of
   * visitors and sessions. Null: the email, ticket, loyalty and referral-converted events named here,
   * plus Segment's Email Bounced, Email Marked as Spam and Unsubscribed.
   */
  nonVisitEvents: Type.Union([EventNames, Type.Null()], { description: 'a list of event names, or null' }),
  /** Activation: one of these within the window after becoming a lead; [] means a visit on a later day. */
  activationEvents: EventNames,
  surveyEvent: EventName,
  /** The survey kind: 'nps' (or absent) for NPS on 0–10, 'csat' for CSAT on 1..csatScaleMax. */
  surveyTypeProperty: PropertyName,
  surveyScoreProperty: PropertyName,
  ticketCreatedEvent: EventName,
  ticketResolvedEvent: EventName,
  ticketIdProperty: PropertyName,
  referralSentEvent: EventName,
  referralConvertedEvent: EventName,
  reviewEvent: EventName,
  ratingProperty: PropertyName,
  pointsEarnedEvent: EventName,
  pointsRedeemedEvent: EventName,
  pointsProperty: PropertyName,
  tierEvent: EventName,
  tierProperty: PropertyName,
  emailDeliveredEvent: EventName,
  emailOpenedEvent: EventName,
  emailClickedEvent: EventName,
  /** A gap this long or longer between two visit events starts a new session (GA4: 30 minutes). */
  sessionGapMinutes: int(1, 1440, 'minutes'),
  /** GA4's engaged session: it lasts this long, or has engagedSessionEvents events, or a key event. */
  engagedSessionSeconds: int(1, 3600, 'seconds'),
  engagedSessionEvents: int(2, 1000, 'events'),
  leadConversionWindowDays: int(1, 365, 'days'),
  activationWindowDays: int(1, 365, 'days'),
  /** A cart with no purchase this long after its last addition is abandoned. */
  cartAbandonmentWindowHours: int(1, 24 * 30, 'hours'),
  /** How far before the range a ticket's creation is looked for. */
  ticketLookbackDays: int(1, 3650, 'days'),
  /** How far before the range a new buyer's first visit is looked for (older ones count as longer). */
  firstPurchaseLookbackDays: int(1, 3650, 'days'),
  csatScaleMax: int(2, 10, 'the top CSAT score'),
  csatSatisfiedMin: int(1, 10, 'the lowest satisfied CSAT score'),
  npsPromoterMin: int(0, 10, 'the lowest promoter score'),
  npsDetractorMax: int(0, 10, 'the highest detractor score'),
  /** Entering one of these stages is churning; null: the model's lapse stages. */
  churnStages: Stages,
  /** The customers churn is a share of; null: every stage except the churn stages. */
  churnBaseStages: Stages,
  /** The LTV of LTV:CAC: historical CLV, or the mean predicted CLV of the latest fit. */
  ltvBasis: Type.Union([Type.Literal('historical'), Type.Literal('predicted')], {
    description: 'historical or predicted',
  }),
  /** LTV:CAC takes this share of revenue as the customer's value (1: revenue, as CLV reports it). */
  grossMargin: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'a number above 0, at most 1' }),
};

/** Every setting, as the defaults give them and as the KPIs read them. */
export const CompleteAnalyticsSettingsSchema = Type.Object(ANALYTICS_SETTING_FIELDS, {
  additionalProperties: false,
});

/** The overrides a workspace stores: any subset of the settings. */
export const AnalyticsSettingsSchema = Type.Partial(CompleteAnalyticsSettingsSchema, {
  additionalProperties: false,
  $id: 'AnalyticsSettings',
});

export type AnalyticsSettings = Static<typeof CompleteAnalyticsSettingsSchema>;
export type AnalyticsSettingsOverrides = Partial<AnalyticsSettings>;

export const DEFAULT_ANALYTICS_SETTINGS: Readonly<AnalyticsSettings> = Object.freeze({
  purchaseEvent: 'Order Completed',
  leadEvents: ['Signed Up'],
  cartEvent: 'Product Added',
  checkoutEvent: 'Checkout Started',
  promotionViewEvent: 'Promotion Viewed',
  promotionClickEvent: 'Promotion Clicked',
  keyEvents: null,
  nonVisitEvents: null,
  activationEvents: [],
  surveyEvent: 'Survey Responded',
  surveyTypeProperty: 'type',
  surveyScoreProperty: 'score',
  ticketCreatedEvent: 'Ticket Created',
  ticketResolvedEvent: 'Ticket Resolved',
  ticketIdProperty: 'ticket_id',
  referralSentEvent: 'Referral Sent',
  referralConvertedEvent: 'Referral Completed',
  reviewEvent: 'Product Reviewed',
  ratingProperty: 'rating',
  pointsEarnedEvent: 'Loyalty Points Earned',
  pointsRedeemedEvent: 'Loyalty Points Redeemed',
  pointsProperty: 'points',
  tierEvent: 'Loyalty Tier Changed',
  tierProperty: 'tier',
  emailDeliveredEvent: 'Email Delivered',
  emailOpenedEvent: 'Email Opened',
  emailClickedEvent: 'Email Link Clicked',
  sessionGapMinutes: 30,
  engagedSessionSeconds: 10,
  engagedSessionEvents: 2,
  leadConversionWindowDays: 30,
  activationWindowDays: 7,
  cartAbandonmentWindowHours: 24,
  ticketLookbackDays: 90,
  firstPurchaseLookbackDays: 365,
  csatScaleMax: 5,
  csatSatisfiedMin: 4,
  npsPromoterMin: 9,
  npsDetractorMax: 6,
  churnStages: null,
  churnBaseStages: null,
  ltvBasis: 'historical',
  grossMargin: 1,
});

/** One problem in analytics settings, e.g. `{ path: 'sessionGapMinutes', message: '...' }`. */
export type AnalyticsSettingsIssue = { path: string; message: string };

export class AnalyticsSettingsError extends Error {
  override name = 'AnalyticsSettingsError';
  readonly issues: readonly AnalyticsSettingsIssue[];

  constructor(issues: readonly AnalyticsSettingsIssue[]) {
    super(`Invalid analytics settings:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.issues = issues;
  }
}

/** Every problem of stored overrides, one per field (a field's schema says what it expects). */
export function validateAnalyticsSettings(overrides: unknown): AnalyticsSettingsIssue[] {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    return [{ path: '', message: 'must be an object' }];
  }
  const fields: Record<string, TSchema & { description?: string }> = ANALYTICS_SETTING_FIELDS;
  const issues: AnalyticsSettingsIssue[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    const schema = fields[key];
    if (!schema) issues.push({ path: key, message: 'is not a known setting' });
    else if (value !== undefined && !Value.Check(schema, value)) {
      issues.push({ path: key, message: `must be ${schema.description ?? 'valid'}` });
    }
  }
  const merged = { ...DEFAULT_ANALYTICS_SETTINGS, ...defined(overrides as AnalyticsSettingsOverrides) };
  if (issues.length === 0 && merged.csatSatisfiedMin > merged.csatScaleMax) {
    issues.push({ path: 'csatSatisfiedMin', message: 'must be at most csatScaleMax' });
  }
  if (issues.length === 0 && merged.npsDetractorMax >= merged.npsPromoterMin) {
    issues.push({ path: 'npsDetractorMax', message: 'must be below npsPromoterMin' });
  }
  return issues;
}

function defined(overrides: AnalyticsSettingsOverrides): AnalyticsSettingsOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
}

/** The settings with these overrides over the defaults; throws AnalyticsSettingsError when they are invalid. */
export function analyticsSettings(overrides: AnalyticsSettingsOverrides | undefined = {}): AnalyticsSettings {
  const issues = validateAnalyticsSettings(overrides);
  if (issues.length > 0) throw new AnalyticsSettingsError(issues);
  return { ...DEFAULT_ANALYTICS_SETTINGS, ...defined(overrides) };
}

/** A workspace's analytics settings (the overrides it stores) beside the defaults, as the API shows them. */
export const analyticsSettingsView = (overrides: AnalyticsSettingsOverrides | undefined) => ({
  settings: overrides ?? {},
  defaults: DEFAULT_ANALYTICS_SETTINGS,
});

/** The events that make a session engaged. */
export function keyEvents(s: AnalyticsSettings): string[] {
  return s.keyEvents ?? [s.purchaseEvent, ...s.leadEvents];
}

/** The events that are not visits; see `nonVisitEvents` in the fields. */
export function nonVisitEvents(s: AnalyticsSettings): string[] {
  if (s.nonVisitEvents) return s.nonVisitEvents;
  const names = [
    s.emailDeliveredEvent,
    s.emailOpenedEvent,
    s.emailClickedEvent,
    'Email Bounced',
    'Email Marked as Spam',
    'Unsubscribed',
    s.ticketCreatedEvent,
    s.ticketResolvedEvent,
    s.pointsEarnedEvent,
    s.pointsRedeemedEvent,
    s.tierEvent,
    s.referralConvertedEvent,
  ];
  // A purchase or lead event named like one of these is a visit all the same.
  const kept = new Set([s.purchaseEvent, ...s.leadEvents]);
  return [...new Set(names)].filter((n) => !kept.has(n));
}

/** The stages entering which is churning. */
export function churnStages(s: AnalyticsSettings, lapseStages: readonly string[]): string[] {
  return s.churnStages ?? [...lapseStages];
}
