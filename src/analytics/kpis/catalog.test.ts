import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY } from '../../core/index.ts';
import type { AnalyticsStorage } from '../analytics-store.ts';
import { describeKpis, KPI_CATALOG, KPI_STAGES, kpiDefinition } from './catalog.ts';
import { COMPUTED_KPIS, computeKpis } from './compute-kpis.ts';
import { analyticsSettings } from './settings.ts';

/** The product's "KPIs per stage" table, each entry with the catalog ids that cover it. */
const TABLE: Record<string, string[]> = {
  'reach (unique visitors)': ['reach'],
  impressions: ['ad_impressions', 'promotion_impressions'],
  'website traffic': ['page_views', 'sessions'],
  'traffic by channel/source': ['traffic_by_channel'],
  'click-through rate': ['promotion_ctr', 'ad_ctr'],
  'time on site': ['time_on_site'],
  'bounce rate': ['bounce_rate'],
  'engagement rate': ['engagement_rate'],
  'leads generated': ['leads'],
  'lead conversion rate': ['lead_conversion_rate'],
  'conversion rate': ['conversion_rate', 'visitor_conversion_rate'],
  'cart abandonment rate': ['cart_abandonment_rate'],
  'cost per acquisition (CAC)': ['cac'],
  'average order value (AOV)': ['aov'],
  'time to first purchase': ['time_to_first_purchase'],
  CSAT: ['csat'],
  NPS: ['nps'],
  'support resolution time': ['support_resolution_time'],
  'activation/usage frequency': ['activation_rate', 'usage_frequency'],
  'retention rate (cohorts)': ['retention_rate'],
  'repeat purchase rate': ['repeat_purchase_rate'],
  'churn rate': ['churn_rate'],
  'email open/click rates': ['email_open_rate', 'email_click_rate'],
  'purchase frequency': ['purchase_frequency'],
  'loyalty points earned/redeemed': ['loyalty_points_earned', 'loyalty_points_redeemed'],
  'tier mix': ['tier_mix'],
  'referral rate': ['referral_rate'],
  'referrals converted': ['referrals_converted'],
  'reviews / user-generated content': ['reviews', 'review_rating'],
  'NPS promoters share': ['nps_promoters_share'],
  'customer lifetime value (historical and predicted)': ['historical_clv', 'predicted_clv'],
  'LTV:CAC': ['ltv_cac'],
  'stage conversion rates': ['stage_conversion_rates'],
  'time in stage': ['time_in_stage'],
  'stage flow': ['stage_flow'],
};

/** A storage with nothing in it. */
const EMPTY = new Proxy({} as AnalyticsStorage, {
  get: (_, prop) => async () => (prop === 'latestFit' ? null : []),
});

describe('KPI catalog', () => {
  it('covers every KPI of the product table, with unique ids and every stage family', () => {
    const ids = KPI_CATALOG.map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const [kpi, covering] of Object.entries(TABLE)) {
      for (const id of covering) assert.ok(kpiDefinition(id), `${kpi}: ${id}`);
    }
    for (const stage of KPI_STAGES)
      assert.ok(
        KPI_CATALOG.some((d) => d.stages.includes(stage)),
        stage,
      );
    assert.deepEqual(
      KPI_CATALOG.filter((d) => d.see).map((d) => d.id),
      ['stage_conversion_rates', 'time_in_stage', 'stage_flow'],
    );
  });

  it('describes formulas and events with the workspace settings', () => {
    const s = analyticsSettings({ purchaseEvent: 'Purchase', leadConversionWindowDays: 14 });
    const lead = describeKpis(s).find((d) => d.id === 'lead_conversion_rate')!;
    assert.deepEqual(lead.events, ['Signed Up', 'Purchase']);
    assert.match(lead.formula, /a Purchase within 14 days/);
    assert.deepEqual(describeKpis().find((d) => d.id === 'aov')!.events, ['Order Completed']);
  });

  it('computes every KPI as null on an empty workspace, reading only the inputs its entry lists', async () => {
    const now = Date.parse('2026-04-01T00:00:00Z');
    const from = Date.parse('2026-03-01T00:00:00Z');
    const results = await computeKpis(EMPTY, 1, {
      from,
      to: now,
      unit: 'week',
      now,
      lapseStages: ['churned'],
    });
    assert.deepEqual(
      results.map((r) => r.id),
      COMPUTED_KPIS,
    );
    for (const r of results) {
      assert.equal(r.value, null, r.id);
      assert.equal(r.series.length, 6, r.id);
      assert.ok(
        r.series.every((p) => p.value === null),
        r.id,
      );
      assert.equal(r.breakdown, undefined, r.id);
    }
  });

  it('refuses unknown KPIs and those another analysis computes', async () => {
    const options = { from: 0, to: DAY, unit: 'day' as const, now: DAY };
    await assert.rejects(computeKpis(EMPTY, 1, { ...options, ids: ['nope'] }), /unknown KPI nope/);
    await assert.rejects(computeKpis(EMPTY, 1, { ...options, ids: ['stage_flow'] }), /stage-flow/);
    await assert.rejects(computeKpis(EMPTY, 1, { ...options, to: 0 }), RangeError);
  });
});
