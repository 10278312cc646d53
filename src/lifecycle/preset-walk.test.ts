import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileModel } from './compile-model.ts';
import { loadPreset, PRESET_NAMES } from './presets.ts';
import { DAY, MINUTE, type TestCustomer, type TestEvent } from './test-context.ts';
import { stageAt, walk } from './test-walk.ts';

const T0 = Date.UTC(2025, 2, 1, 9);

/** An event on `day`, `minute` minutes into the visit. */
function ev(day: number, minute: number, event: string, properties?: Record<string, unknown>): TestEvent {
  return { event, t: T0 + day * DAY + minute * MINUTE, properties };
}

/** A first visit that ends with an order: the usual path through an online shop. */
function firstOrder(day: number): TestEvent[] {
  return [
    ev(day, 0, '$page', { path: '/' }),
    ev(day, 1, 'Product Viewed', { product_id: 'p1' }),
    ev(day, 2, 'Signed Up'),
    ev(day, 3, 'Product Added', { product_id: 'p1' }),
    ev(day, 4, 'Checkout Started', { revenue: 60 }),
    ev(day, 5, 'Order Completed', { revenue: 60 }),
  ];
}

function reorder(day: number, revenue = 80): TestEvent[] {
  return [ev(day, 0, '$page', { path: '/' }), ev(day, 2, 'Order Completed', { revenue })];
}

const customers = {
  visitor: { events: [ev(0, 0, '$page', { path: '/' })] },
  oneTimeBuyer: { events: firstOrder(0) },
  repeatBuyer: { events: [...firstOrder(0), ...reorder(30), ...reorder(60)] },
  comeback: { events: [...firstOrder(0), ...reorder(200), ev(215, 0, '$page', { path: '/new-in' })] },
  promoter: {
    events: [...firstOrder(0), ...reorder(30), ...reorder(60), ev(61, 0, 'Survey Responded', { score: 10 })],
  },
  passive: {
    events: [...firstOrder(0), ...reorder(30), ...reorder(60), ev(61, 0, 'Survey Responded', { score: 7 })],
  },
  lead: {
    events: [ev(0, 0, '$page', { path: '/' }), ev(0, 1, 'Signed Up')],
    traits: { email: 'l@example.com' },
  },
} satisfies Record<string, TestCustomer>;

/**
 * Where each customer should be on a given day, one column per preset in the order of PRESET_NAMES.
 * service-6 is an app: a month without use is at risk there, three months churned.
 */
const EXPECTED = `
who           day     clm-5        cjm-5        reach-loyalty  service-6    reactivation
visitor       1       awareness    awareness    reach          awareness    acquisition
visitor       400     awareness    awareness    reach          awareness    acquisition
lead          400     acquisition  awareness    acquisition    acquisition  acquisition
oneTimeBuyer  1       conversion   decision     conversion     service      conversion_growth
oneTimeBuyer  45      conversion   decision     conversion     at_risk      conversion_growth
oneTimeBuyer  100     at_risk      at_risk      at_risk        churned      at_risk
repeatBuyer   61      retention    retention    retention      loyalty      retention
promoter      62      advocacy     advocacy     retention      advocacy     retention
passive       62      retention    retention    retention      loyalty      retention
comeback      199     churned      churned      churned        churned      churned
comeback      200.01  reactivated  reactivated  reactivated    reactivated  reactivated
comeback      231     retention    retention    retention      service      retention
`;

const ROWS = EXPECTED.trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [who, day, ...stages] = line.trim().split(/\s+/);
    return { who: who as keyof typeof customers, day: Number(day), stages };
  });

describe('preset walks', () => {
  for (const name of PRESET_NAMES) {
    const model = compileModel(loadPreset(name));
    test(`${name} places synthetic customers where a business would`, () => {
      const column = PRESET_NAMES.indexOf(name);
      for (const { who, day, stages } of ROWS) {
        const until = T0 + day * DAY;
        assert.equal(
          stageAt(walk(model, customers[who], until), until),
          stages[column],
          `${who} on day ${day}`,
        );
      }
    });
  }

  test('clm-5: a churned buyer who buys again passes through every state', () => {
    const moves = walk(compileModel(loadPreset('clm-5')), customers.comeback, T0 + 300 * DAY);
    assert.deepEqual(
      moves.map((m) => m.stage),
      ['awareness', 'acquisition', 'conversion', 'at_risk', 'churned', 'reactivated', 'retention'],
    );
    const reactivated = moves.find((m) => m.stage === 'reactivated')!;
    assert.equal(moves.at(-1)!.at - reactivated.at, 30 * DAY);
  });

  test('reach-loyalty: four orders a year, or two worth 500, earn Loyalty', () => {
    const model = compileModel(loadPreset('reach-loyalty'));
    const frequent = { events: [...firstOrder(0), ...reorder(20), ...reorder(40), ...reorder(60)] };
    assert.equal(stageAt(walk(model, frequent, T0 + 61 * DAY), T0 + 61 * DAY), 'loyalty');
    const bigSpender = { events: [...firstOrder(0), ...reorder(20, 450)] };
    assert.equal(stageAt(walk(model, bigSpender, T0 + 21 * DAY), T0 + 21 * DAY), 'loyalty');
    const gold = { events: [ev(0, 0, '$page')], traits: { loyalty_tier: 'gold' } };
    assert.equal(stageAt(walk(model, gold, T0 + DAY), T0 + DAY), 'loyalty');
  });

  test('service-6: an app user moves with their usage and a cancelled subscriber churns after a month', () => {
    const model = compileModel(loadPreset('service-6'));
    const opens = [0, 5, 10, 15].map((d) => ev(d, 0, 'Application Opened'));
    const user = { events: [ev(0, 0, 'Application Opened'), ev(0, 1, 'Signed Up'), ...opens] };
    assert.equal(stageAt(walk(model, { events: opens.slice(0, 1) }, T0 + DAY), T0 + DAY), 'consideration');
    const moves = walk(model, user, T0 + 60 * DAY);
    assert.equal(stageAt(moves, T0 + 16 * DAY), 'service');
    // A free user who stops is not a lapsed customer: they fall back to Acquisition.
    assert.equal(stageAt(moves, T0 + 60 * DAY), 'acquisition');
    const weekly = (from: number, to: number) =>
      Array.from({ length: Math.floor((to - from) / 7) + 1 }, (_, i) =>
        ev(from + i * 7, 0, 'Application Opened'),
      );
    const subscriber = { events: [...user.events, ev(16, 0, 'Subscription Started'), ...weekly(16, 200)] };
    // Subscribed for 90 days and still using the app: Loyalty.
    assert.equal(stageAt(walk(model, subscriber, T0 + 110 * DAY), T0 + 110 * DAY), 'loyalty');
    // Cancels on day 100 and stops using the app: at risk at once, churned after a month, not after 90 days.
    const cancelled = {
      events: [
        ...user.events,
        ev(16, 0, 'Subscription Started'),
        ...weekly(16, 99),
        ev(100, 0, 'Subscription Cancelled'),
      ],
    };
    const until = T0 + 135 * DAY;
    const lapse = walk(model, cancelled, until);
    assert.equal(stageAt(lapse, T0 + 99 * DAY), 'service');
    assert.equal(stageAt(lapse, T0 + 101 * DAY), 'at_risk');
    assert.equal(stageAt(lapse, T0 + 129 * DAY), 'at_risk');
    assert.equal(stageAt(lapse, T0 + 131 * DAY), 'churned');
  });
});
