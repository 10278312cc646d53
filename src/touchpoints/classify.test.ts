import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject } from '../core/index.ts';
import { compileTouchpointRules } from './classify.ts';
import type { TouchpointInput } from './event-facts.ts';

const page = (url: string, referrer = '', extra: JsonObject = {}): TouchpointInput => ({
  type: 'page',
  name: null,
  payload: { properties: {}, context: { page: { url, path: new URL(url).pathname, referrer }, ...extra } },
});
const track = (name: string, properties: JsonObject = {}, context: JsonObject = {}): TouchpointInput => ({
  type: 'track',
  name,
  payload: { properties, context },
});

test('configured channel rules come before the defaults, first match wins', () => {
  const { classify } = compileTouchpointRules({
    channels: [
      { when: { utmSource: 'partner-*' }, channel: 'affiliate' },
      { when: { utmSource: 'partner-acme' }, channel: 'never_reached' },
      { when: { utmCampaign: 'SPRING*', utmMedium: 'email' }, channel: 'seasonal_email' },
    ],
  });
  assert.equal(classify(page('https://a.io/?utm_source=Partner-Acme&utm_medium=cpc')).channel, 'affiliate');
  assert.equal(
    classify(page('https://a.io/?utm_source=news&utm_medium=email&utm_campaign=spring_sale')).channel,
    'seasonal_email',
  );
  assert.equal(
    classify(page('https://a.io/?utm_source=news&utm_medium=email&utm_campaign=fall')).channel,
    'email',
  );
});

test('configured touchpoint rules override default event and path rules', () => {
  const { classify } = compileTouchpointRules({
    touchpoints: [
      { when: { type: 'page', path: '/blog/guides/*' }, touchpoint: 'guide' },
      {
        when: { event: 'Order Completed', property: { name: 'total', equals: 0 } },
        touchpoint: 'free_order',
      },
      { when: { event: 'Checkout *' }, touchpoint: 'checkout_funnel' },
    ],
  });
  assert.equal(classify(page('https://a.io/blog/guides/setup')).touchpoint, 'guide');
  assert.equal(classify(page('https://a.io/blog/news')).touchpoint, 'blog');
  assert.equal(classify(track('Order Completed', { total: 0 })).touchpoint, 'free_order');
  assert.equal(
    classify(track('Order Completed', { total: '0' })).touchpoint,
    'purchase',
    'equality is strict',
  );
  assert.equal(classify(track('Checkout Step Viewed')).touchpoint, 'checkout_funnel');
  assert.equal(classify(track('checkout started')).touchpoint, 'checkout_funnel', 'event globs ignore case');
});

test('event conditions only hold for track calls', () => {
  const { classify } = compileTouchpointRules({
    touchpoints: [{ when: { event: 'Pricing' }, touchpoint: 'x' }],
  });
  assert.equal(classify({ type: 'page', name: 'Pricing', payload: {} }).touchpoint, 'page');
  assert.equal(classify({ type: 'screen', name: 'Pricing', payload: {} }).touchpoint, 'screen:pricing');
  assert.equal(classify(track('Pricing')).touchpoint, 'x');
});

test('property conditions read properties, context or traits, and test presence without equals', () => {
  const { classify } = compileTouchpointRules({
    channels: [
      {
        when: { property: { name: 'context.integration.name', equals: ['zendesk', 'intercom'] } },
        channel: 'support',
      },
    ],
    touchpoints: [
      { when: { property: { name: 'plan.tier', equals: ['pro', 'enterprise'] } }, touchpoint: 'upgrade' },
      { when: { type: 'identify', property: { name: 'traits.company' } }, touchpoint: 'b2b_identify' },
      { when: { property: { name: 'coupon' } }, touchpoint: 'coupon_use' },
    ],
  });
  assert.equal(classify(track('Plan Changed', { plan: { tier: 'pro' } })).touchpoint, 'upgrade');
  assert.equal(classify(track('Plan Changed', { plan: { tier: 'free' } })).touchpoint, 'plan_changed');
  assert.equal(classify(track('Plan Changed', { plan: 'pro' })).touchpoint, 'plan_changed');
  assert.equal(classify(track('Foo', { coupon: 'X' })).touchpoint, 'coupon_use');
  assert.equal(classify(track('Foo', { coupon: null })).touchpoint, 'foo', 'null counts as absent');
  const identify: TouchpointInput = {
    type: 'identify',
    name: null,
    payload: { traits: { company: 'Acme' } },
  };
  assert.equal(classify(identify).touchpoint, 'b2b_identify');
  assert.equal(classify(track('Note Added', {}, { integration: { name: 'intercom' } })).channel, 'support');
});

test('referrer domains of the site itself are internal, and rules can claim sister sites', () => {
  const { classify } = compileTouchpointRules({
    channels: [{ when: { referrerDomain: ['acme.io', '*.acme.io'] }, channel: 'web' }],
  });
  assert.equal(classify(page('https://shop.acme.io/x', 'https://blog.acme.io/post')).channel, 'web');
  assert.equal(classify(page('https://shop.acme.io/x', 'https://www.acme.io/')).channel, 'web');
  assert.equal(classify(page('https://shop.acme.io/x', 'https://acme.io.evil.com/')).channel, 'referral');
  const plain = compileTouchpointRules();
  assert.equal(
    plain.classify(page('https://shop.acme.io/x', 'https://blog.acme.io/post')).channel,
    'referral',
  );
});

test('touchpoint rules can test the channel chosen for the event', () => {
  const { classify } = compileTouchpointRules({
    touchpoints: [{ when: { channel: 'organic_*', type: 'page' }, touchpoint: 'organic_landing' }],
  });
  assert.deepEqual(classify(page('https://a.io/pricing', 'https://duckduckgo.com/')), {
    channel: 'organic_search',
    touchpoint: 'organic_landing',
  });
  assert.equal(classify(page('https://a.io/pricing', '')).touchpoint, 'pricing_page');
});

test('queryParam and an empty when work as conditions', () => {
  const { classify } = compileTouchpointRules({
    channels: [{ when: { queryParam: ['ref', 'via'] }, channel: 'referral_program' }],
    touchpoints: [{ when: {}, touchpoint: 'anything' }],
  });
  assert.deepEqual(classify(page('https://a.io/?via=bob')), {
    channel: 'referral_program',
    touchpoint: 'anything',
  });
  assert.equal(classify(page('https://a.io/?via=')).channel, 'direct');
});

test('defaults: false leaves only configured rules and the built-in fallbacks', () => {
  const { classify } = compileTouchpointRules({ defaults: false });
  assert.deepEqual(classify(track('Order Completed')), {
    channel: 'unassigned',
    touchpoint: 'order_completed',
  });
  assert.deepEqual(classify(page('https://a.io/blog/x', 'https://www.google.com/')), {
    channel: 'referral',
    touchpoint: 'page:blog',
  });
  assert.deepEqual(classify(page('https://a.io/?utm_source=google&utm_medium=cpc')), {
    channel: 'direct',
    touchpoint: 'page:home',
  });
  assert.deepEqual(classify({ type: 'screen', name: 'Home', payload: {} }), {
    channel: 'app',
    touchpoint: 'screen:home',
  });
});

test('odd payloads classify without throwing', () => {
  const { classify } = compileTouchpointRules();
  const odd: TouchpointInput[] = [
    { type: 'track', name: null, payload: {} },
    { type: 'page', name: null, payload: { context: { page: 'x', campaign: [1] }, properties: null } },
    { type: 'page', name: null, payload: { context: { page: { url: 42, referrer: { x: 1 }, path: '' } } } },
    {
      type: 'page',
      name: null,
      payload: { context: { page: { url: 'not a url?utm_source=bing&utm_medium=cpc' } } },
    },
    {
      type: 'alias',
      name: null,
      payload: { context: { referrer: { type: 'dataxu', url: 'https://news.site/a' } } },
    },
  ];
  assert.deepEqual(odd.map(classify), [
    { channel: 'unassigned', touchpoint: 'track' },
    { channel: 'direct', touchpoint: 'page' },
    { channel: 'direct', touchpoint: 'page' },
    { channel: 'paid_search', touchpoint: 'ad_click' },
    { channel: 'referral', touchpoint: 'alias' },
  ]);
});

test('one classifier handles 100k mixed events, each independent of the one before', () => {
  const { classify } = compileTouchpointRules({
    channels: [{ when: { utmSource: 'partner-*' }, channel: 'affiliate' }],
  });
  const inputs: TouchpointInput[] = [
    page('https://a.io/products/1?utm_source=google&utm_medium=cpc'),
    track('Order Completed', { total: 10 }),
    page('https://a.io/blog/x', 'https://a.io/'),
    page('https://a.io/?utm_source=partner-7'),
    { type: 'screen', name: 'Home', payload: { context: { device: { type: 'ios' } } } },
  ];
  const expected = inputs.map(classify);
  const counts = new Map<string, number>();
  for (let i = 0; i < 100_000; i++) {
    const result = classify(inputs[i % inputs.length]);
    counts.set(result.channel, (counts.get(result.channel) ?? 0) + 1);
    if (i < inputs.length * 2) assert.deepEqual(result, expected[i % inputs.length]);
  }
  assert.deepEqual(Object.fromEntries(counts), {
    paid_search: 20_000,
    unassigned: 20_000,
    web: 20_000,
    affiliate: 20_000,
    app: 20_000,
  });
});
