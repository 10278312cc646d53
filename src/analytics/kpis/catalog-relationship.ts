import type { KpiDefinition } from './catalog.ts';
import { kpi, MATURE, ORDERS, RATIO_RANGE, VISIT_NEEDS, VISITS, visitEvents } from './catalog-phrases.ts';

/** The KPIs of service (usage), retention, loyalty, advocacy and the whole lifecycle. */
export const RELATIONSHIP_KPIS: readonly KpiDefinition[] = [
  kpi({
    id: 'csat',
    name: 'Customer satisfaction (CSAT)',
    stages: ['service'],
    unit: 'ratio',
    formula: (s) =>
      `Satisfied respondents / respondents: ${s.surveyEvent} events with ${s.surveyTypeProperty} = 'csat' and a ${s.surveyScoreProperty} from 1 to ${s.csatScaleMax}, each customer's latest response in the period counting once; satisfied is ${s.csatSatisfiedMin} or more. Over the range: each customer's latest response in the range.`,
    events: (s) => [s.surveyEvent],
    needs: ['details'],
  }),
  kpi({
    id: 'nps',
    name: 'Net Promoter Score (NPS)',
    stages: ['service', 'advocacy'],
    unit: 'score',
    formula: (s) =>
      `100 × (promoters − detractors) / respondents, from −100 to 100: ${s.surveyEvent} events with ${s.surveyTypeProperty} = 'nps' or absent and a ${s.surveyScoreProperty} from 0 to 10, each customer's latest response in the period counting once; promoters score ${s.npsPromoterMin} or more, detractors ${s.npsDetractorMax} or less. Over the range: each customer's latest response in the range.`,
    events: (s) => [s.surveyEvent],
    needs: ['details'],
  }),
  kpi({
    id: 'support_resolution_time',
    name: 'Support resolution time',
    stages: ['service'],
    unit: 'duration_ms',
    formula: (s) =>
      `Median full resolution time of the tickets resolved in the period: a ticket's last ${s.ticketResolvedEvent} in the range − its first ${s.ticketCreatedEvent}, matched on properties.${s.ticketIdProperty}. Creations are looked up ${s.ticketLookbackDays} days before the range; tickets created earlier are left out.`,
    events: (s) => [s.ticketCreatedEvent, s.ticketResolvedEvent],
    needs: ['details'],
  }),
  kpi({
    id: 'usage_frequency',
    name: 'Usage frequency (active days per active customer)',
    stages: ['service'],
    unit: 'count',
    formula: (s) =>
      `Mean number of distinct UTC days with a visit event, over the customers with one in the period (DAU/MAU-like stickiness: at most 7 for a week); ${VISITS(s)}. ${RATIO_RANGE}`,
    events: visitEvents,
    needs: VISIT_NEEDS,
  }),
  kpi({
    id: 'activation_rate',
    name: 'Activation rate',
    stages: ['service'],
    unit: 'ratio',
    formula: (s) =>
      `Of the leads of the period (first ${s.leadEvents.join(' or ')}), the share who ${s.activationEvents.length > 0 ? `did ${s.activationEvents.join(' or ')}` : 'came back with a visit event on a later UTC day'} within ${s.activationWindowDays} days after becoming a lead; ${MATURE}. ${RATIO_RANGE}`,
    events: (s) => [
      ...s.leadEvents,
      ...(s.activationEvents.length > 0 ? s.activationEvents : visitEvents(s)),
    ],
    needs: ['firstLeads', 'activity', 'events'],
  }),
  kpi({
    id: 'retention_rate',
    name: 'Retention rate',
    stages: ['retention'],
    unit: 'ratio',
    formula: (s) =>
      `Of the customers with a visit event in the previous period, the share with one in this period (period-over-period retention; the cohort view is the cohorts analysis); ${VISITS(s)}. Over the range: retained / previous-period customers summed over the periods.`,
    events: visitEvents,
    needs: VISIT_NEEDS,
  }),
  kpi({
    id: 'repeat_purchase_rate',
    name: 'Repeat purchase rate',
    stages: ['retention', 'loyalty'],
    unit: 'ratio',
    formula: (s) =>
      `Of the customers with a ${s.purchaseEvent} in the period, the share with two or more orders ever by its end (bought before the period, or twice in it). Over the range: the same of the range's buyers by its end.`,
    events: (s) => [s.purchaseEvent],
    needs: ['events', 'firstPurchases'],
  }),
  kpi({
    id: 'churn_rate',
    name: 'Churn rate',
    stages: ['retention'],
    unit: 'ratio',
    formula: (s) =>
      `Distinct customers who moved from another stage into a churn stage (${s.churnStages ? s.churnStages.join(', ') : "the model's lapse stages"}) in the period / customers in the base stages (${s.churnBaseStages ? s.churnBaseStages.join(', ') : 'every stage but the churn stages'}) at its start, stage counts at a time being rebuilt from today's counts and the moves since. Over the range: churned in the range / base at its start.`,
    events: () => [],
    needs: ['moves', 'stageCounts'],
  }),
  kpi({
    id: 'email_open_rate',
    name: 'Email open rate',
    stages: ['retention'],
    unit: 'ratio',
    formula: (s) =>
      `Recipients with an ${s.emailOpenedEvent} in the period / customers with an ${s.emailDeliveredEvent} in it (unique, recipient-level). Machine opens (Apple Mail Privacy Protection, security scanners, link prefetch; the event's machine property) are not counted. ${RATIO_RANGE}`,
    events: (s) => [s.emailDeliveredEvent, s.emailOpenedEvent],
    needs: ['events', 'details'],
  }),
  kpi({
    id: 'email_click_rate',
    name: 'Email click rate',
    stages: ['retention'],
    unit: 'ratio',
    formula: (s) =>
      `Recipients with an ${s.emailClickedEvent} in the period / customers with an ${s.emailDeliveredEvent} in it (unique click-to-delivered rate). ${RATIO_RANGE}`,
    events: (s) => [s.emailDeliveredEvent, s.emailClickedEvent],
    needs: ['events'],
  }),
  kpi({
    id: 'purchase_frequency',
    name: 'Purchase frequency',
    stages: ['loyalty'],
    unit: 'count',
    formula: (s) =>
      `${ORDERS(s)} / distinct customers with one, in the period (orders per buyer). ${RATIO_RANGE}`,
    events: (s) => [s.purchaseEvent],
    needs: ['events'],
  }),
  kpi({
    id: 'loyalty_points_earned',
    name: 'Loyalty points earned',
    stages: ['loyalty'],
    unit: 'count',
    formula: (s) =>
      `Sum of properties.${s.pointsProperty} of the ${s.pointsEarnedEvent} events in the period.`,
    events: (s) => [s.pointsEarnedEvent],
    needs: ['details'],
  }),
  kpi({
    id: 'loyalty_points_redeemed',
    name: 'Loyalty points redeemed',
    stages: ['loyalty'],
    unit: 'count',
    formula: (s) =>
      `Sum of |properties.${s.pointsProperty}| of the ${s.pointsRedeemedEvent} events in the period (senders disagree on the sign).`,
    events: (s) => [s.pointsRedeemedEvent],
    needs: ['details'],
  }),
  kpi({
    id: 'tier_mix',
    name: 'Tier mix',
    stages: ['loyalty'],
    unit: 'count',
    formula: (s) =>
      `Customers holding a tier at the end of the period: each customer's latest properties.${s.tierProperty} of ${s.tierEvent} events (the whole history up to then, by the name index). Broken down by tier at the end of the range.`,
    events: (s) => [s.tierEvent],
    needs: ['details'],
    breakdown: ['tier'],
  }),
  kpi({
    id: 'referral_rate',
    name: 'Referral rate',
    stages: ['advocacy'],
    unit: 'ratio',
    formula: (s) =>
      `Distinct customers with a ${s.referralSentEvent} in the period / reach (distinct customers with a visit event in it). ${RATIO_RANGE}`,
    events: (s) => [...visitEvents(s), s.referralSentEvent],
    needs: VISIT_NEEDS,
  }),
  kpi({
    id: 'referrals_sent',
    name: 'Referrals sent',
    stages: ['advocacy'],
    unit: 'count',
    formula: (s) => `Number of ${s.referralSentEvent} events in the period.`,
    events: (s) => [s.referralSentEvent],
    needs: ['events'],
  }),
  kpi({
    id: 'referrals_converted',
    name: 'Referrals converted',
    stages: ['advocacy'],
    unit: 'count',
    formula: (s) => `Number of ${s.referralConvertedEvent} events in the period.`,
    events: (s) => [s.referralConvertedEvent],
    needs: ['events'],
  }),
  kpi({
    id: 'reviews',
    name: 'Reviews',
    stages: ['advocacy'],
    unit: 'count',
    formula: (s) => `Number of ${s.reviewEvent} events in the period.`,
    events: (s) => [s.reviewEvent],
    needs: ['details'],
  }),
  kpi({
    id: 'review_rating',
    name: 'Average review rating',
    stages: ['advocacy'],
    unit: 'score',
    formula: (s) =>
      `Mean properties.${s.ratingProperty} of the ${s.reviewEvent} events in the period that have a numeric one.`,
    events: (s) => [s.reviewEvent],
    needs: ['details'],
  }),
  kpi({
    id: 'nps_promoters_share',
    name: 'NPS promoters share',
    stages: ['advocacy'],
    unit: 'ratio',
    formula: (s) =>
      `Promoters (${s.surveyScoreProperty} ${s.npsPromoterMin} or more) / NPS respondents, counted as for NPS.`,
    events: (s) => [s.surveyEvent],
    needs: ['details'],
  }),
  kpi({
    id: 'historical_clv',
    name: 'Customer lifetime value (historical)',
    stages: ['lifecycle'],
    unit: 'money',
    formula: (s) =>
      `At the end of each period: all ${s.purchaseEvent} revenue up to then / customers with a ${s.purchaseEvent} up to then (average revenue per customer to date, over the whole history). The range's value is at its end.`,
    events: (s) => [s.purchaseEvent],
    needs: ['purchaseDays'],
  }),
  kpi({
    id: 'predicted_clv',
    name: 'Customer lifetime value (predicted)',
    stages: ['lifecycle'],
    unit: 'money',
    formula: () =>
      "Mean predicted CLV per customer of the latest stored prediction fit (BG/NBD + Gamma-Gamma; its report's population.meanClv). A snapshot: periods are null; null when there is no fit.",
    events: () => [],
    needs: ['fit'],
  }),
  kpi({
    id: 'ltv_cac',
    name: 'LTV:CAC',
    stages: ['lifecycle'],
    unit: 'ratio',
    formula: (s) =>
      `LTV × ${s.grossMargin} (gross margin) / CAC, LTV being ${s.ltvBasis === 'predicted' ? 'the mean predicted CLV of the latest fit' : 'the historical CLV at the end of the period'} and CAC the blended CAC of the period. Over the range: with the range's CAC and the LTV at its end.`,
    events: (s) => [s.purchaseEvent],
    needs: ['spend', 'firstPurchases', 'purchaseDays', 'fit'],
  }),
  kpi({
    id: 'stage_conversion_rates',
    name: 'Stage conversion rates',
    stages: ['lifecycle'],
    unit: 'ratio',
    formula: () => 'Computed by the stage flow analysis.',
    events: () => [],
    needs: [],
    see: 'stage-flow',
  }),
  kpi({
    id: 'time_in_stage',
    name: 'Time in stage',
    stages: ['lifecycle'],
    unit: 'duration_ms',
    formula: () => 'Computed by the stage flow analysis.',
    events: () => [],
    needs: [],
    see: 'stage-flow',
  }),
  kpi({
    id: 'stage_flow',
    name: 'Stage flow',
    stages: ['lifecycle'],
    unit: 'count',
    formula: () => 'Computed by the stage flow analysis.',
    events: () => [],
    needs: [],
    see: 'stage-flow',
  }),
];
