import type { ActiveState, Business, SimCustomer, StateRates } from './model.ts';
import type { Rng } from './rng.ts';

/**
 * The customer-state model behind the demo data. Every simulated person is in one hidden state; their
 * sessions (visits, app opens) are what the state makes likely, and what happens in a session moves them:
 *
 * ```
 *   visitor ──sign up──► lead ──1st order──► customer ──2nd order──► repeat ──Nth order──► loyal
 *      │  └──────────────────1st order─────────┘                                     (N: rates.loyalOrders)
 *      │            after every session, hazard lapse[state]·(1.4 − satisfaction) / (channel.loyalty·√engagement):
 *      └──► gone  (never comes back)        or ──► lapsed ──(dormant ≥ dormantMinDays)──► back to its state
 * ```
 *
 * - Sessions of an active state arrive as a renewal process: the gap is exponential with mean
 *   `gapDays[state] / (engagement · season)`, so engaged people and busy seasons bring more visits.
 *   Engagement is log-normal per person, which gives the heavy-tailed purchase counts real shops see
 *   (and what BG/NBD expects: a Poisson rate varying across people, a drop-out after each transaction).
 * - Dropping out is a per-session hazard that falls as the relationship deepens (visitors leave after a
 *   visit or two, loyal buyers rarely) and depends on the channel they came from (referred friends stay,
 *   ad clickers less so) and on how happy they are. A share of the lapsed (`comeBack`) returns after a dormant spell long enough for
 *   the lifecycle to see them at risk and churned, through the business's win-back touch: that is
 *   reactivation. The others are gone, and stay churned.
 * - Advocacy (reviews, NPS, referrals) and friction (tickets) come from the business scripts, driven by a
 *   per-person satisfaction, so advocates are mostly loyal, happy buyers.
 */
export const STATE_ORDER: readonly ActiveState[] = ['visitor', 'lead', 'customer', 'repeat', 'loyal'];

const isBuyer = (state: ActiveState) => state === 'customer' || state === 'repeat' || state === 'loyal';

/** A visitor who leaves an email (signup, newsletter, guest checkout) becomes a lead. */
export function afterSignUp(c: SimCustomer): void {
  if (c.state === 'visitor') c.state = 'lead';
}

/** An order moves a person up by their order count. */
export function afterOrder(c: SimCustomer, rates: StateRates): void {
  c.orders++;
  c.state = c.orders >= rates.loyalOrders ? 'loyal' : c.orders >= 2 ? 'repeat' : 'customer';
}

/** A lapsed person's session is a reactivation: they pick up where they left. */
export function returnFromLapse(c: SimCustomer): boolean {
  if (c.state !== 'lapsed') return false;
  c.state = c.lapsedFrom ?? 'visitor';
  c.lapsedFrom = null;
  c.reactivations++;
  return true;
}

export type NextVisit = { days: number; winBack: boolean } | null;

/**
 * After a session: when the next one comes (in days from now, at least 1), whether it is a win-back after
 * a lapse, or null when the person is gone for good. Changes the state on a lapse.
 */
export function nextVisit(c: SimCustomer, business: Business, rng: Rng, season: number): NextVisit {
  const state = c.state as ActiveState;
  const rates = business.rates;
  const rate = rates[state];
  const hazard = Math.min(
    0.95,
    (rate.lapse * (1.4 - c.satisfaction)) / (c.channel.loyalty * Math.sqrt(c.engagement)),
  );
  if (rng.chance(hazard)) {
    const comeBack = isBuyer(state) ? rates.comeBack.buyer : rates.comeBack.other;
    if (!rng.chance(comeBack)) {
      c.state = 'gone';
      return null;
    }
    c.lapsedFrom = state;
    c.state = 'lapsed';
    return { days: Math.ceil(rates.dormantMinDays + rng.exponential(rates.dormantMeanDays)), winBack: true };
  }
  const mean = rate.gapDays / (c.engagement * Math.max(0.3, season));
  return { days: Math.max(1, Math.round(rng.exponential(mean))), winBack: false };
}
