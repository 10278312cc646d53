import { afterPurchase, NOT_VISITS } from './after-purchase.ts';
import type { Business, Campaign, Channel, SessionApi, SimCustomer, Touch } from './model.ts';
import type { Rng } from './rng.ts';

const tagged = (
  source: string,
  medium: string,
  name: string,
  costPerVisit: number,
  weight = 1,
): Campaign => ({
  campaign: { source, medium, name },
  weight,
  costPerVisit,
});

/**
 * Channels of a subscription fitness app: installs from TikTok and Instagram ads (cheap, fickle),
 * search ads (dearer, intent), app-store search, creators' codes and friends' invitations.
 */
const CHANNELS: Channel[] = [
  {
    key: 'paid_social',
    share: 0.38,
    intent: 0.85,
    loyalty: 0.8,
    value: 1,
    campaigns: [
      tagged('tiktok', 'cpc', 'workout-challenge', 6.6, 3),
      tagged('instagram', 'cpc', 'transformation-stories', 7.8, 2),
      { ...tagged('instagram', 'cpc', 'new-year-goals', 9.6, 8), runs: [12, 26, 1, 31] },
    ],
  },
  {
    key: 'paid_search',
    share: 0.14,
    intent: 1.3,
    loyalty: 1,
    value: 1,
    campaigns: [tagged('google', 'cpc', 'home-workout-app', 10.5)],
  },
  {
    key: 'organic_search',
    share: 0.2,
    intent: 1.1,
    loyalty: 1.1,
    value: 1,
    campaigns: [tagged('app-store', 'organic', 'app-store-search', 0)],
  },
  {
    key: 'affiliate',
    share: 0.1,
    intent: 1.05,
    loyalty: 0.9,
    value: 1,
    campaigns: [tagged('coachmia', 'affiliate', 'creator-code', 5.4)],
  },
  {
    key: 'referral',
    share: 0.1,
    intent: 1.7,
    loyalty: 1.5,
    value: 1,
    campaigns: [tagged('friend', 'referral', 'invite-a-friend', 0)],
  },
  {
    key: 'direct',
    share: 0.08,
    intent: 1.1,
    loyalty: 1.1,
    value: 1,
    campaigns: [{ weight: 1, costPerVisit: 0 }],
  },
];

/** New year's resolutions, a spring "summer body" bump, a quiet summer and December. */
const MONTH_DEMAND = [1.6, 1.25, 1.05, 1.05, 1.1, 0.95, 0.8, 0.8, 1, 0.95, 0.85, 0.7];
const PLANS = [
  { plan: 'monthly', price: 12.99, days: 30 },
  { plan: 'yearly', price: 79.99, days: 365 },
];
const WORKOUTS = ['hiit', 'yoga', 'strength', 'running', 'pilates', 'mobility'];

function device(c: SimCustomer) {
  return { device: { type: c.index % 3 === 0 ? 'android' : 'ios' } };
}

function subscribe(s: SessionApi, c: SimCustomer): void {
  const plan = s.rng.chance(0.3) ? PLANS[1]! : PLANS[0]!;
  c.flags.plan = plan.plan;
  c.flags.subscribed = true;
  // Renewals carry the subscription's number, so a cancelled one's pending renewal never charges again.
  c.flags.sub = Number(c.flags.sub ?? 0) + 1;
  s.track(c, 'Subscription Started', { plan: plan.plan, price: plan.price }, device(c));
  pay(s, c);
  if (s.rng.chance(0.15)) s.later(c, s.rng.int(10, 30), 'review');
}

function pay(s: SessionApi, c: SimCustomer): void {
  const plan = PLANS.find((p) => p.plan === c.flags.plan) ?? PLANS[0]!;
  s.track(c, 'Order Completed', {
    order_id: `p-${c.index}-${c.orders + 1}`,
    revenue: plan.price,
    currency: 'USD',
    plan: plan.plan,
  });
  s.ordered(c);
  s.later(c, plan.days, `renewal:${c.flags.sub}`);
  if (c.orders % 3 === 0) s.later(c, 1, 'experience');
}

function session(s: SessionApi, c: SimCustomer, touch: Touch | undefined): void {
  const { rng } = s;
  const intent = c.channel.intent * Math.sqrt(s.season);
  if (c.sessions === 1) {
    const context = { ...device(c), ...(touch?.campaign ? { campaign: touch.campaign } : {}) };
    s.track(
      c,
      'Application Installed',
      { version: '4.2' },
      touch?.referrer ? { ...context, page: { referrer: touch.referrer } } : context,
    );
  } else if (touch?.campaign?.medium === 'push') {
    s.track(c, 'Push Notification Tapped', { campaign: touch.campaign.name }, device(c));
  }
  s.track(c, 'Application Opened', {}, device(c));
  if (!c.userId && rng.chance(Math.min(0.9, 0.45 * intent))) {
    s.signUp(c);
    s.identify(c, { email: c.email, goal: rng.pick(['lose weight', 'get stronger', 'stay active']) });
    s.track(c, 'Signed Up', { method: rng.pick(['apple', 'google', 'email']) }, device(c));
    if (rng.chance(0.55 * intent)) {
      s.track(c, 'Trial Started', { plan: 'premium', trial_days: 7 }, device(c));
      c.flags.trial = true;
      s.later(c, 7, 'trial-end');
    }
  }
  if (c.userId && rng.chance(0.7)) {
    s.wait(rng.int(600, 2400));
    s.track(c, 'Workout Completed', { type: rng.pick(WORKOUTS), minutes: rng.int(10, 45) }, device(c));
  }
  // A lapsed subscriber won back, or a free user who decides without a trial.
  const resubscribe = c.reactivations > 0 && c.orders > 0 && !c.flags.subscribed && rng.chance(0.3);
  if (resubscribe || (c.userId && !c.flags.trial && !c.flags.subscribed && rng.chance(0.02 * intent)))
    subscribe(s, c);
}

function followUp(s: SessionApi, c: SimCustomer, kind: string): void {
  if (kind === 'trial-end') {
    const active = c.state !== 'gone' && c.state !== 'lapsed' && c.sessions >= 2;
    if (active && s.rng.chance(Math.min(0.9, 0.5 * c.channel.intent))) subscribe(s, c);
    else s.track(c, 'Trial Ended', { converted: false });
  } else if (kind.startsWith('renewal:')) {
    if (c.flags.subscribed && kind === `renewal:${c.flags.sub}`) pay(s, c);
  } else afterPurchase(s, c, kind);
}

function returnTouch(rng: Rng, c: SimCustomer): Touch {
  if (c.userId && rng.chance(0.15))
    return { campaign: { source: 'loopline', medium: 'push', name: 'workout-reminder' } };
  return {};
}

/** The subscription fitness app of the product brief: install, trial, activation, premium, lapses. */
export const fitnessApp: Business = {
  key: 'fitness-app',
  title: 'Pulse, a subscription fitness app',
  site: 'https://pulse.example',
  channels: CHANNELS,
  analytics: {
    // Renewals and cancellations are billed by the store, not done in a session.
    nonVisitEvents: [...NOT_VISITS, 'Trial Ended', 'Subscription Cancelled'],
    activationEvents: ['Workout Completed'],
  },
  funnel: ['Application Installed', 'Signed Up', 'Trial Started', 'Subscription Started'],
  rates: {
    visitor: { gapDays: 4, lapse: 0.45 },
    lead: { gapDays: 4.5, lapse: 0.12 },
    customer: { gapDays: 4, lapse: 0.05 },
    repeat: { gapDays: 4, lapse: 0.035 },
    loyal: { gapDays: 3.5, lapse: 0.02 },
    comeBack: { buyer: 0.35, other: 0.1 },
    dormantMinDays: 40,
    dormantMeanDays: 90,
    loyalOrders: 6,
  },
  season(date) {
    const weekday = date.getUTCDay();
    return MONTH_DEMAND[date.getUTCMonth()]! * (weekday === 1 ? 1.15 : weekday === 6 ? 0.85 : 1);
  },
  returnTouch,
  winBackTouch: { campaign: { source: 'newsletter', medium: 'email', name: 'come-back-offer' } },
  session,
  followUp,
  onLapse(s, c) {
    if (!c.flags.subscribed) return;
    c.flags.subscribed = false;
    s.track(c, 'Subscription Cancelled', { plan: c.flags.plan ?? 'monthly' });
  },
};
