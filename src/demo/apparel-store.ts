import { afterPurchase, NOT_VISITS } from './after-purchase.ts';
import { APPAREL_CHANNELS } from './apparel-channels.ts';
import type { Business, SessionApi, SimCustomer, Touch } from './model.ts';
import type { Rng } from './rng.ts';

const CATEGORIES = [
  { name: 'dresses', price: 59 },
  { name: 'tops', price: 29 },
  { name: 'jeans', price: 69 },
  { name: 'outerwear', price: 119 },
  { name: 'shoes', price: 89 },
  { name: 'accessories', price: 24 },
];

const MONTH_DEMAND = [0.85, 0.8, 1, 1.05, 1, 1, 1.1, 0.9, 0.95, 1, 1.2, 1.3];

/** Per state: chance of a cart in a session, of a checkout given a cart, of an order given a checkout. */
const BUYING = {
  visitor: [0.16, 0.5, 0.6],
  lead: [0.24, 0.55, 0.65],
  customer: [0.34, 0.6, 0.72],
  repeat: [0.38, 0.62, 0.75],
  loyal: [0.42, 0.65, 0.8],
} as const;

function product(rng: Rng) {
  const category = rng.pick(CATEGORIES);
  const n = rng.int(1, 40);
  return {
    product_id: `${category.name.slice(0, 3)}-${n}`,
    category: category.name,
    price: category.price + (n % 5) * 5,
  };
}

function returnTouch(rng: Rng, c: SimCustomer): Touch {
  const u = rng.next();
  if (u < 0.35) return {};
  if (u < 0.6 && c.userId)
    return { campaign: { source: 'newsletter', medium: 'email', name: 'new-arrivals' } };
  if (u < 0.75) return { campaign: { source: 'instagram', medium: 'cpc', name: 'retargeting' } };
  return u < 0.9 ? { referrer: 'https://www.google.com/' } : { referrer: 'https://l.instagram.com/' };
}

function session(s: SessionApi, c: SimCustomer, touch: Touch | undefined): void {
  const { rng } = s;
  if (touch?.campaign?.medium === 'email')
    s.track(c, 'Email Link Clicked', { campaign: touch.campaign.name });
  const landing = touch?.campaign?.medium === 'cpc' ? `/products/${product(rng).product_id}` : '/';
  s.page(c, landing, touch);
  const intent = c.channel.intent * Math.sqrt(s.season);
  const state = c.state === 'lapsed' || c.state === 'gone' ? 'visitor' : c.state;
  const [cartP, checkoutP, orderP] = BUYING[state];
  let item = product(rng);
  const views = 1 + Math.floor(rng.exponential(1.6));
  for (let v = 0; v < views; v++) {
    item = product(rng);
    s.track(c, 'Product Viewed', item);
    if (rng.chance(0.08)) s.page(c, '/size-guide');
    if (rng.chance(0.05))
      s.track(c, 'Video Played', { video: `fit-${item.category}`, product_id: item.product_id });
  }
  if (!c.userId && rng.chance(0.07 * intent)) {
    // The 10%-off popup: an email for a welcome code.
    s.signUp(c);
    s.identify(c, { email: c.email, first_order_code: 'WELCOME10' });
    s.track(c, 'Signed Up', { method: 'popup', offer: '10% off first order' });
  }
  if (!rng.chance(Math.min(0.9, cartP * intent))) return;
  const quantity = rng.chance(0.25) ? 2 : 1;
  s.track(c, 'Product Added', { ...item, quantity });
  if (!rng.chance(checkoutP)) {
    if (c.userId) s.later(c, 1, 'cart-reminder');
    return;
  }
  s.track(c, 'Checkout Started', { value: item.price * quantity });
  if (!c.userId) {
    s.signUp(c);
    s.identify(c, { email: c.email });
    if (rng.chance(0.5)) s.track(c, 'Signed Up', { method: 'checkout' });
  }
  if (!rng.chance(Math.min(0.95, orderP * Math.sqrt(c.channel.intent)))) return;
  const first = c.orders === 0;
  const gross = item.price * quantity + (rng.chance(0.35) ? product(rng).price : 0);
  const revenue = Math.round(gross * c.value * (first ? 0.9 : 1) * 100) / 100;
  s.track(c, 'Order Completed', {
    order_id: `o-${c.index}-${c.orders + 1}`,
    revenue,
    currency: 'USD',
    ...(first ? { coupon: 'WELCOME10' } : {}),
    products: [{ product_id: item.product_id, category: item.category, price: item.price, quantity }],
  });
  const wasLoyal = c.state === 'loyal';
  s.ordered(c);
  s.track(c, 'Loyalty Points Earned', { points: Math.round(revenue) });
  if (!wasLoyal && c.state === 'loyal') s.track(c, 'Loyalty Tier Changed', { tier: 'gold' });
  s.later(c, rng.int(1, 2), 'shipped');
}

function followUp(s: SessionApi, c: SimCustomer, kind: string): void {
  const { rng } = s;
  if (kind === 'shipped') {
    s.track(c, 'Order Shipped', { carrier: rng.pick(['dhl', 'ups', 'postal']) });
    s.later(c, rng.int(2, 4), 'delivered');
  } else if (kind === 'delivered') {
    s.track(c, 'Order Delivered', {});
    s.later(c, rng.int(1, 5), 'experience');
  } else if (kind === 'cart-reminder') {
    // The abandoned-cart reminder: opened by some, and it brings a few back within days.
    s.track(c, 'Email Delivered', { campaign: 'abandoned-cart' });
    if (!rng.chance(0.45)) return;
    s.track(c, 'Email Opened', { campaign: 'abandoned-cart' });
    if (rng.chance(0.4) && c.state !== 'gone') {
      s.comeBackIn(c, rng.int(0, 2), {
        campaign: { source: 'newsletter', medium: 'email', name: 'abandoned-cart' },
      });
    }
  } else afterPurchase(s, c, kind);
}

/** The online apparel store of the product brief, as a `Business` for the simulation. */
export const apparelStore: Business = {
  key: 'apparel',
  title: 'Threadline, an online apparel store',
  site: 'https://threadline.example',
  channels: APPAREL_CHANNELS,
  analytics: {
    // Sent by the email service, the help desk, the loyalty program and the warehouse, not by a visit.
    nonVisitEvents: [
      ...NOT_VISITS,
      'Loyalty Points Earned',
      'Loyalty Tier Changed',
      'Order Shipped',
      'Order Delivered',
    ],
  },
  funnel: ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'],
  rates: {
    visitor: { gapDays: 14, lapse: 0.55 },
    lead: { gapDays: 12, lapse: 0.32 },
    customer: { gapDays: 32, lapse: 0.24 },
    repeat: { gapDays: 28, lapse: 0.14 },
    loyal: { gapDays: 22, lapse: 0.07 },
    comeBack: { buyer: 0.45, other: 0.12 },
    dormantMinDays: 100,
    dormantMeanDays: 110,
    loyalOrders: 4,
  },
  season(date) {
    const month = date.getUTCMonth();
    const day = date.getUTCDate();
    const weekday = date.getUTCDay();
    const blackFriday = month === 10 && day >= 20 && day <= 30 ? 1.7 : 1;
    return MONTH_DEMAND[month]! * blackFriday * (weekday === 0 || weekday === 6 ? 1.12 : 0.95);
  },
  returnTouch,
  winBackTouch: { campaign: { source: 'newsletter', medium: 'email', name: 'win-back' } },
  session,
  followUp,
};
