import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from 'typebox/value';
import {
  AnalyticsSettingsError,
  AnalyticsSettingsSchema,
  analyticsSettings,
  churnStages,
  DEFAULT_ANALYTICS_SETTINGS,
  keyEvents,
  nonVisitEvents,
  validateAnalyticsSettings,
} from './settings.ts';

describe('analytics settings', () => {
  it('defaults to the Segment spec names and GA4 thresholds, and validate against the schema', () => {
    const s = analyticsSettings();
    assert.equal(s.purchaseEvent, 'Order Completed');
    assert.deepEqual(s.leadEvents, ['Signed Up']);
    assert.equal(s.sessionGapMinutes, 30);
    assert.equal(s.engagedSessionSeconds, 10);
    assert.ok(Value.Check(AnalyticsSettingsSchema, DEFAULT_ANALYTICS_SETTINGS));
    assert.ok(Value.Check(AnalyticsSettingsSchema, {}));
  });

  it('merges overrides over the defaults, ignoring undefined ones', () => {
    const s = analyticsSettings({
      purchaseEvent: 'Purchase',
      cartAbandonmentWindowHours: 48,
      leadEvents: undefined,
    });
    assert.equal(s.purchaseEvent, 'Purchase');
    assert.equal(s.cartAbandonmentWindowHours, 48);
    assert.deepEqual(s.leadEvents, ['Signed Up']);
    assert.deepEqual(keyEvents(s), ['Purchase', 'Signed Up']);
  });

  it('lists every problem, one per field', () => {
    assert.deepEqual(validateAnalyticsSettings({ sessionGapMinutes: 0, colour: 'red', ltvBasis: 'guess' }), [
      { path: 'sessionGapMinutes', message: 'must be minutes (an integer from 1 to 1440)' },
      { path: 'colour', message: 'is not a known setting' },
      { path: 'ltvBasis', message: 'must be historical or predicted' },
    ]);
    assert.deepEqual(validateAnalyticsSettings({ csatSatisfiedMin: 6 }), [
      { path: 'csatSatisfiedMin', message: 'must be at most csatScaleMax' },
    ]);
    assert.throws(() => analyticsSettings({ npsDetractorMax: 9 }), AnalyticsSettingsError);
    assert.deepEqual(validateAnalyticsSettings([]), [{ path: '', message: 'must be an object' }]);
  });

  it('derives the non-visit events from the event names, never dropping a purchase or lead event', () => {
    const s = analyticsSettings({
      emailDeliveredEvent: 'Delivered',
      leadEvents: ['Signed Up', 'Referral Converted'],
    });
    const names = nonVisitEvents(s);
    assert.ok(names.includes('Delivered'));
    assert.ok(!names.includes('Email Delivered'));
    assert.ok(!names.includes('Referral Converted'));
    assert.deepEqual(nonVisitEvents(analyticsSettings({ nonVisitEvents: ['X'] })), ['X']);
    assert.deepEqual(churnStages(s, ['at_risk', 'churned']), ['at_risk', 'churned']);
    assert.deepEqual(churnStages(analyticsSettings({ churnStages: ['churned'] }), ['at_risk']), ['churned']);
  });
});
