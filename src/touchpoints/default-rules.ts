import {
  DISPLAY_CLICK_IDS,
  DISPLAY_MEDIUMS,
  EMAIL_NAMES,
  PAID_MEDIUMS,
  PUSH_MEDIUMS,
  REFERRAL_MEDIUMS,
  SEARCH,
  SEARCH_CLICK_IDS,
  SHOPPING,
  SOCIAL,
  SOCIAL_CLICK_IDS,
  SOCIAL_MEDIUMS,
  sourcesOf,
  VIDEO,
  WEBMAIL_DOMAINS,
} from './known-sources.ts';
import type {
  ChannelConditions,
  ChannelRule,
  TouchpointConditions,
  TouchpointConfig,
  TouchpointRule,
} from './schema.ts';

const channel = (name: string, when: ChannelConditions): ChannelRule => ({ when, channel: name });
const touchpoint = (name: string, when: TouchpointConditions): TouchpointRule => ({ when, touchpoint: name });
const event = (name: string, events: string[]): TouchpointRule => touchpoint(name, { event: events });
const page = (name: string, paths: string[]): TouchpointRule =>
  touchpoint(name, { type: 'page', path: paths });

/** Events that say which channel they happened in, whatever page or campaign they came with. */
const EVENT_CHANNELS: ChannelRule[] = [
  // Segment's Email spec, plus Loopline's own Email Sent.
  channel('email', { event: ['Email *', 'Unsubscribed'] }),
  // Segment's Mobile spec: Push Notification Received, Tapped, Bounced.
  channel('push', { event: 'Push *' }),
  channel('sms', { event: 'SMS *' }),
  // Help desks (Ticket Created...) and Segment's Live Chat spec.
  channel('support', { event: ['Ticket *', 'Support Ticket *', 'Live Chat *', 'Chat *'] }),
  // Loopline's own events; they carry context.library.name "loopline".
  channel('internal', { event: ['Stage Entered', 'Stage Exited', 'Segment Entered', 'Segment Exited'] }),
  channel('internal', { property: { name: 'context.library.name', equals: 'loopline' } }),
  // Point-of-sale integrations extend Segment's context.channel (browser, server, mobile) this way.
  channel('in_store', { property: { name: 'context.channel', equals: ['in_store', 'pos'] } }),
];

const paid = (category: typeof SEARCH) => ({ utmSource: sourcesOf(category), utmMedium: PAID_MEDIUMS });

/**
 * Campaign tags, in the order of GA4's default channel group (its first matching definition wins too).
 * GA4 also reads "shop" in campaign names as shopping; globs cannot say that precisely, so it is left out.
 */
const CAMPAIGN_CHANNELS: ChannelRule[] = [
  channel('direct', { utmSource: '(direct)' }),
  channel('cross_network', { utmCampaign: '*cross-network*' }),
  channel('paid_shopping', paid(SHOPPING)),
  channel('paid_search', paid(SEARCH)),
  channel('paid_social', paid(SOCIAL)),
  channel('paid_video', paid(VIDEO)),
  channel('display', { utmMedium: DISPLAY_MEDIUMS }),
  channel('paid_other', { utmMedium: PAID_MEDIUMS }),
  channel('organic_shopping', { utmSource: sourcesOf(SHOPPING) }),
  channel('organic_social', { utmSource: sourcesOf(SOCIAL) }),
  channel('organic_social', { utmMedium: SOCIAL_MEDIUMS }),
  channel('organic_video', { utmSource: sourcesOf(VIDEO) }),
  channel('organic_video', { utmMedium: '*video*' }),
  channel('organic_search', { utmSource: sourcesOf(SEARCH) }),
  channel('organic_search', { utmMedium: 'organic' }),
  channel('referral', { utmMedium: REFERRAL_MEDIUMS }),
  channel('email', { utmSource: EMAIL_NAMES }),
  channel('email', { utmMedium: EMAIL_NAMES }),
  channel('affiliate', { utmMedium: 'affiliate' }),
  channel('audio', { utmMedium: 'audio' }),
  channel('sms', { utmSource: 'sms' }),
  channel('sms', { utmMedium: 'sms' }),
  channel('push', { utmMedium: PUSH_MEDIUMS }),
  channel('push', { utmSource: 'firebase' }),
  // Auto-tagged ad clicks carry a click id instead of (or besides unknown) utm tags.
  channel('paid_search', { queryParam: SEARCH_CLICK_IDS }),
  channel('paid_social', { queryParam: SOCIAL_CLICK_IDS }),
  channel('display', { queryParam: DISPLAY_CLICK_IDS }),
  // Tagged, but with tags none of the above knows: GA4 calls that Unassigned rather than guessing.
  channel('unassigned', { utmSource: '*' }),
  channel('unassigned', { utmMedium: '*' }),
  channel('unassigned', { utmCampaign: '*' }),
];

/** Mobile SDKs: screen calls, and the device type or library every mobile event carries. */
const APP_CHANNELS: ChannelRule[] = [
  channel('app', { type: 'screen' }),
  channel('app', { property: { name: 'context.device.type', equals: ['ios', 'android'] } }),
  channel('app', {
    property: {
      name: 'context.library.name',
      equals: [
        'analytics-ios',
        'analytics-android',
        'analytics-react-native',
        'analytics-swift',
        'analytics-kotlin',
      ],
    },
  }),
];

/** Untagged visits, by referrer, as GA4 does; referrers from the site itself never reach these. */
const REFERRER_CHANNELS: ChannelRule[] = [
  channel('organic_search', { referrerDomain: SEARCH.domains }),
  channel('organic_social', { referrerDomain: SOCIAL.domains }),
  channel('organic_video', { referrerDomain: VIDEO.domains }),
  channel('organic_shopping', { referrerDomain: SHOPPING.domains }),
  channel('email', { referrerDomain: WEBMAIL_DOMAINS }),
  channel('referral', { referrerDomain: '*' }),
];

/** Touchpoints named by the event, after Segment's E-commerce, B2B SaaS, Mobile, Email and Live Chat specs. */
const EVENT_TOUCHPOINTS: TouchpointRule[] = [
  event('signup_form', ['Signed Up', 'Account Created']),
  event('trial', ['Trial *']),
  event('subscription', ['Subscription *']),
  event('onboarding', ['Onboarding *']),
  event('search', ['Products Searched']),
  event('product_page', ['Product Viewed']),
  event('cart', ['Product Added', 'Product Removed', 'Cart Viewed', 'Wishlist Product Added to Cart']),
  event('checkout', ['Checkout Started', 'Checkout Step *', 'Payment Info Entered', 'Coupon *']),
  event('purchase', ['Order Completed']),
  event('delivery', ['Order Shipped', 'Order Delivered', 'Shipment *']),
  event('review', ['Product Reviewed', 'Review *']),
  event('survey', ['Survey *', 'NPS *']),
  event('referral', ['Referral *']),
  event('support_ticket', ['Ticket *', 'Support Ticket *']),
  event('chat', ['Live Chat *', 'Chat *']),
  event('email', ['Email *', 'Unsubscribed']),
  event('push', ['Push *']),
  event('sms', ['SMS *']),
  event('install', ['Application Installed', 'Install Attributed']),
  event('app_session', ['Application Opened', 'Application Backgrounded']),
];

/** Page views named by well-known paths; only for page calls, since a track call's name says more. */
const PAGE_TOUCHPOINTS: TouchpointRule[] = [
  page('blog', ['/blog', '/blog/*']),
  page('product_page', ['/products/*', '/product/*']),
  page('pricing_page', ['/pricing', '/pricing/*', '/plans']),
  page('signup_form', ['/signup*', '/sign-up*', '/register*']),
  page('cart', ['/cart', '/cart/*', '/basket']),
  page('checkout', ['/checkout*']),
  page('onboarding', ['/onboarding*', '/welcome*']),
];

/**
 * The rules applied after a configuration's own and before the built-in fallbacks (see fallbacks.ts).
 * Written in the configuration's own format, so any of them can be copied and adapted.
 */
export const DEFAULT_TOUCHPOINT_RULES: TouchpointConfig = deepFreeze({
  channels: [...EVENT_CHANNELS, ...CAMPAIGN_CHANNELS, ...APP_CHANNELS, ...REFERRER_CHANNELS],
  touchpoints: [
    // A page reached through an ad is the ad click, whatever page the ad pointed to.
    touchpoint('ad_click', { type: ['page', 'screen'], channel: ['paid_*', 'display', 'cross_network'] }),
    ...EVENT_TOUCHPOINTS,
    ...PAGE_TOUCHPOINTS,
  ],
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
