import type { SessionApi, SimCustomer } from './model.ts';

/** Events of these scripts that a back office sends, not a visit: analytics leaves them out of sessions. */
export const NOT_VISITS: readonly string[] = [
  'Email Delivered',
  'Email Opened',
  'Ticket Created',
  'Ticket Resolved',
  'Referral Completed',
  'Survey Responded',
];

/** A 1–5 star rating that follows satisfaction, with some noise. */
export function ratingOf(s: SessionApi, c: SimCustomer): number {
  return Math.min(5, Math.max(1, Math.round(1 + 4 * c.satisfaction + 0.7 * s.rng.normal())));
}

/** A 0–10 NPS answer that follows satisfaction. */
export function npsOf(s: SessionApi, c: SimCustomer): number {
  return Math.min(10, Math.max(0, Math.round(10 * c.satisfaction + 1.6 * s.rng.normal() + 0.8)));
}

/**
 * What follows a purchase in both businesses, once the product is in hand: a support ticket for the
 * unhappy few (then a CSAT survey), a review request, an NPS survey, and a referral from happy repeat
 * buyers. Returns true when it handled `kind`.
 */
export function afterPurchase(s: SessionApi, c: SimCustomer, kind: string): boolean {
  const { rng } = s;
  switch (kind) {
    case 'experience':
      if (rng.chance(0.04 + 0.3 * (1 - c.satisfaction))) {
        c.flags.ticket = Number(c.flags.ticket ?? 0) + 1;
        s.track(c, 'Ticket Created', { ticket_id: `T-${c.index}-${c.flags.ticket}`, via: 'chatbot' });
        s.later(c, rng.next() * 2, 'ticket-resolved');
      }
      if (rng.chance(0.1)) s.later(c, rng.int(4, 12), 'review');
      if (rng.chance(0.12)) s.later(c, rng.int(7, 20), 'nps');
      if (c.orders >= 2 && c.satisfaction > 0.72 && rng.chance(0.2)) s.later(c, rng.int(3, 30), 'referral');
      return true;
    case 'ticket-resolved':
      s.track(c, 'Ticket Resolved', { ticket_id: `T-${c.index}-${c.flags.ticket}` });
      if (rng.chance(0.35))
        s.track(c, 'Survey Responded', { type: 'csat', score: Math.ceil(ratingOf(s, c)) });
      return true;
    case 'review':
      s.track(c, 'Product Reviewed', { rating: ratingOf(s, c) });
      return true;
    case 'nps':
      s.track(c, 'Survey Responded', { type: 'nps', score: npsOf(s, c) });
      return true;
    case 'referral':
      s.track(c, 'Referral Sent', { channel: rng.pick(['link', 'email', 'whatsapp']) });
      if (rng.chance(0.45)) s.later(c, rng.int(2, 20), 'referral-completed');
      return true;
    case 'referral-completed':
      s.track(c, 'Referral Completed', { reward: 10 });
      return true;
    default:
      return false;
  }
}
