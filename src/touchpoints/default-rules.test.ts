import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject } from '../core/index.ts';
import { compileTouchpointRules } from './classify.ts';
import type { TouchpointInput } from './event-facts.ts';

const { classify } = compileTouchpointRules();

const SITE = 'https://shop.acme.io';

/** An analytics.js message: page fields in context.page (and in properties for page calls). */
function browser(
  type: TouchpointInput['type'],
  name: string | null,
  url: string,
  extra: JsonObject = {},
): TouchpointInput {
  const parsed = new URL(url, SITE);
  const page = {
    path: parsed.pathname,
    referrer: '',
    search: parsed.search,
    title: 'Acme',
    url: parsed.href,
    ...(extra.page as JsonObject | undefined),
  };
  const context: JsonObject = {
    library: { name: 'analytics.js', version: 'npm:next-1.72.0' },
    page,
    userAgent: 'Mozilla/5.0',
    locale: 'en-US',
  };
  if (extra.campaign) context.campaign = extra.campaign;
  return { type, name, payload: { properties: type === 'page' ? page : (extra.properties ?? {}), context } };
}

/** A message from the iOS (analytics-swift) or Android (analytics-kotlin) SDK. */
function mobile(
  type: 'track' | 'screen',
  name: string,
  os: 'ios' | 'android',
  context: JsonObject = {},
): TouchpointInput {
  return {
    type,
    name,
    payload: {
      properties: {},
      context: {
        app: { name: 'Acme', version: '2.1.0', build: '210' },
        device: { type: os, manufacturer: os === 'ios' ? 'Apple' : 'Google' },
        os: { name: os === 'ios' ? 'iOS' : 'Android', version: '17.4' },
        library: { name: os === 'ios' ? 'analytics-swift' : 'analytics-kotlin', version: '1.5.0' },
        ...context,
      },
    },
  };
}

/** A message from a server library (analytics-node) with no page or campaign. */
const server = (
  type: TouchpointInput['type'],
  name: string | null,
  properties: JsonObject = {},
): TouchpointInput => ({
  type,
  name,
  payload: { properties, context: { library: { name: '@segment/analytics-node', version: '2.1.0' } } },
});

const landing = (url: string, referrer = '', campaign?: JsonObject) =>
  classify(browser('page', null, url, { page: { referrer }, ...(campaign ? { campaign } : {}) }));

test('tagged ad landings are paid channels and ad_click touchpoints, whatever the page', () => {
  assert.deepEqual(landing('/products/boots', '', { source: 'google', medium: 'cpc', name: 'spring' }), {
    channel: 'paid_search',
    touchpoint: 'ad_click',
    campaign: 'spring',
  });
  assert.deepEqual(landing('/?utm_source=facebook&utm_medium=paid_social'), {
    channel: 'paid_social',
    touchpoint: 'ad_click',
  });
  assert.deepEqual(landing('/?utm_source=youtube.com&utm_medium=cpv'), {
    channel: 'paid_video',
    touchpoint: 'ad_click',
  });
  assert.deepEqual(landing('/?utm_source=dv360&utm_medium=banner'), {
    channel: 'display',
    touchpoint: 'ad_click',
  });
  assert.deepEqual(landing('/?utm_source=reddit&utm_medium=cpc'), {
    channel: 'paid_social',
    touchpoint: 'ad_click',
  });
  assert.deepEqual(landing('/?utm_source=newsite&utm_medium=ppc'), {
    channel: 'paid_other',
    touchpoint: 'ad_click',
  });
});

test('click ids without utm tags mark paid landings', () => {
  assert.deepEqual(landing('/pricing?gclid=Cj0KCQ'), { channel: 'paid_search', touchpoint: 'ad_click' });
  assert.deepEqual(landing('/?msclkid=abc'), { channel: 'paid_search', touchpoint: 'ad_click' });
  assert.deepEqual(landing('/?fbclid=IwAR', 'https://l.facebook.com/'), {
    channel: 'paid_social',
    touchpoint: 'ad_click',
  });
  assert.deepEqual(landing('/pricing?gclid=', 'https://www.google.com/'), {
    channel: 'organic_search',
    touchpoint: 'pricing_page',
  });
});

test('organic campaign tags follow GA4 definitions', () => {
  assert.equal(landing('/?utm_source=newsletter&utm_medium=email').channel, 'email');
  assert.equal(landing('/?utm_source=Email&utm_medium=weekly').channel, 'email');
  assert.equal(landing('/?utm_source=linkedin&utm_medium=post').channel, 'organic_social');
  assert.equal(landing('/?utm_source=partner&utm_medium=affiliate').channel, 'affiliate');
  assert.equal(landing('/?utm_source=twilio&utm_medium=sms').channel, 'sms');
  assert.equal(landing('/?utm_source=app&utm_medium=mobile_push').channel, 'push');
  assert.equal(landing('/?utm_source=partner.com&utm_medium=referral').channel, 'referral');
  assert.equal(landing('/?utm_campaign=q3-cross-network-push&utm_medium=cpc').channel, 'cross_network');
  assert.equal(landing('/?utm_source=(direct)&utm_medium=(none)').channel, 'direct');
  assert.deepEqual(landing('/blog/x?utm_source=podcast-friend'), {
    channel: 'unassigned',
    touchpoint: 'blog',
  });
});

test('untagged landings are classified by referrer', () => {
  assert.deepEqual(landing('/blog/2024/launch', 'https://www.google.co.uk/'), {
    channel: 'organic_search',
    touchpoint: 'blog',
  });
  assert.deepEqual(landing('/pricing/', 'https://t.co/abc'), {
    channel: 'organic_social',
    touchpoint: 'pricing_page',
  });
  assert.deepEqual(landing('/', 'https://m.youtube.com/watch'), {
    channel: 'organic_video',
    touchpoint: 'page:home',
  });
  assert.deepEqual(landing('/checkout', 'https://mail.google.com/'), {
    channel: 'email',
    touchpoint: 'checkout',
  });
  assert.deepEqual(landing('/docs/api', 'https://dev.to/post'), {
    channel: 'referral',
    touchpoint: 'page:docs',
  });
  assert.deepEqual(landing('/'), { channel: 'direct', touchpoint: 'page:home' });
  assert.deepEqual(landing('/About-Us/team', `${SITE}/`), { channel: 'web', touchpoint: 'page:about-us' });
  assert.deepEqual(landing('/signup', 'https://www.shop.acme.io/x'), {
    channel: 'web',
    touchpoint: 'signup_form',
  });
});

test('browser track calls take the channel of their page and the touchpoint of their name', () => {
  const added = browser('track', 'Product Added', '/products/boots', { page: { referrer: `${SITE}/` } });
  assert.deepEqual(classify(added), { channel: 'web', touchpoint: 'cart' });
  const onLanding = browser('track', 'Signed Up', '/signup', { campaign: { source: 'bing', medium: 'cpc' } });
  assert.deepEqual(classify(onLanding), { channel: 'paid_search', touchpoint: 'signup_form' });
  assert.deepEqual(classify(browser('identify', null, '/')), { channel: 'direct', touchpoint: 'identify' });
});

test('server-side e-commerce and SaaS events get touchpoints from Segment spec names', () => {
  const cases: [string, string][] = [
    ['Order Completed', 'purchase'],
    ['Checkout Started', 'checkout'],
    ['Checkout Step Completed', 'checkout'],
    ['Cart Viewed', 'cart'],
    ['Product Viewed', 'product_page'],
    ['Order Shipped', 'delivery'],
    ['Order Delivered', 'delivery'],
    ['Product Reviewed', 'review'],
    ['Survey Responded', 'survey'],
    ['NPS Submitted', 'survey'],
    ['Referral Completed', 'referral'],
    ['Trial Started', 'trial'],
    ['Subscription Cancelled', 'subscription'],
    ['Onboarding Step Completed', 'onboarding'],
    ['Account Created', 'signup_form'],
    ['Order Refunded', 'order_refunded'],
    ['Invite Sent', 'invite_sent'],
  ];
  for (const [name, touchpoint] of cases) {
    assert.deepEqual(classify(server('track', name)), { channel: 'unassigned', touchpoint }, name);
  }
  assert.deepEqual(classify(server('identify', null)), { channel: 'unassigned', touchpoint: 'identify' });
  assert.deepEqual(classify(server('group', null)), { channel: 'unassigned', touchpoint: 'group' });
  assert.deepEqual(classify(server('page', null, { url: `${SITE}/products/1` })), {
    channel: 'direct',
    touchpoint: 'product_page',
  });
});

test('messaging, support and Loopline events have their own channels', () => {
  assert.deepEqual(classify(server('track', 'Email Opened')), { channel: 'email', touchpoint: 'email' });
  assert.deepEqual(classify(server('track', 'Email Link Clicked')), {
    channel: 'email',
    touchpoint: 'email',
  });
  assert.deepEqual(classify(server('track', 'Unsubscribed')), { channel: 'email', touchpoint: 'email' });
  assert.deepEqual(classify(server('track', 'SMS Delivered')), { channel: 'sms', touchpoint: 'sms' });
  assert.deepEqual(classify(server('track', 'Ticket Created')), {
    channel: 'support',
    touchpoint: 'support_ticket',
  });
  assert.deepEqual(classify(server('track', 'Live Chat Conversation Started')), {
    channel: 'support',
    touchpoint: 'chat',
  });
  const loopline = (name: string): TouchpointInput => ({
    type: 'track',
    name,
    payload: { properties: { stage: 'active' }, context: { library: { name: 'loopline', version: '1' } } },
  });
  assert.deepEqual(classify(loopline('Stage Entered')), { channel: 'internal', touchpoint: 'stage_entered' });
  assert.deepEqual(classify(loopline('Segment Exited')), {
    channel: 'internal',
    touchpoint: 'segment_exited',
  });
  assert.deepEqual(classify(loopline('Email Sent')), { channel: 'email', touchpoint: 'email' });
  const pos = { type: 'track', name: 'Order Completed', payload: { context: { channel: 'pos' } } } as const;
  assert.deepEqual(classify(pos), { channel: 'in_store', touchpoint: 'purchase' });
});

test('mobile SDK events are the app channel unless a campaign or message channel says otherwise', () => {
  assert.deepEqual(classify(mobile('track', 'Application Opened', 'ios')), {
    channel: 'app',
    touchpoint: 'app_session',
  });
  assert.deepEqual(classify(mobile('track', 'Application Installed', 'android')), {
    channel: 'app',
    touchpoint: 'install',
  });
  assert.deepEqual(classify(mobile('screen', 'Product Detail', 'android')), {
    channel: 'app',
    touchpoint: 'screen:product_detail',
  });
  assert.deepEqual(classify(mobile('track', 'Order Completed', 'ios')), {
    channel: 'app',
    touchpoint: 'purchase',
  });
  assert.deepEqual(classify(mobile('track', 'Push Notification Tapped', 'ios')), {
    channel: 'push',
    touchpoint: 'push',
  });
  const fromAd = mobile('screen', 'Home', 'ios', { campaign: { source: 'instagram', medium: 'cpc' } });
  assert.deepEqual(classify(fromAd), { channel: 'paid_social', touchpoint: 'ad_click' });
  assert.deepEqual(classify({ type: 'screen', name: null, payload: {} }), {
    channel: 'app',
    touchpoint: 'screen',
  });
});
