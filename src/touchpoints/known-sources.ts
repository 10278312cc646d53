/**
 * Traffic sources and mediums behind the default channel rules, modelled on Google Analytics 4's
 * documented "default channel group" definitions. GA4 matches sources against long site lists; these are
 * deliberately short (the major sites), and a campaign from anywhere else can be named with a rule.
 * Every entry is a case-insensitive glob.
 */

/** A site category: the utm_source values that name it and the referrer hosts (without www.) it sends. */
export type SourceCategory = { sources: string[]; domains: string[] };

export const SEARCH: SourceCategory = {
  sources: ['google', 'bing', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia', 'naver', 'brave', 'qwant'],
  domains: [
    'google.*',
    'bing.com',
    'search.yahoo.com',
    '*.search.yahoo.com',
    'duckduckgo.com',
    'baidu.com',
    'm.baidu.com',
    'yandex.*',
    'ecosia.org',
    'search.brave.com',
    'search.naver.com',
    'qwant.com',
  ],
};

export const SOCIAL: SourceCategory = {
  sources: [
    'facebook',
    'fb',
    'instagram',
    'ig',
    'linkedin',
    'twitter',
    'x',
    'tiktok',
    'pinterest',
    'reddit',
    'snapchat',
    'threads',
    'bluesky',
    'whatsapp',
  ],
  domains: [
    'facebook.com',
    '*.facebook.com',
    'instagram.com',
    'l.instagram.com',
    'linkedin.com',
    'lnkd.in',
    'twitter.com',
    'x.com',
    't.co',
    'tiktok.com',
    'pinterest.*',
    'reddit.com',
    '*.reddit.com',
    'snapchat.com',
    'threads.net',
    'bsky.app',
    'news.ycombinator.com',
  ],
};

export const VIDEO: SourceCategory = {
  sources: ['youtube', 'vimeo', 'twitch', 'dailymotion'],
  domains: ['youtube.com', 'm.youtube.com', 'youtu.be', 'vimeo.com', 'twitch.tv', 'dailymotion.com'],
};

export const SHOPPING: SourceCategory = {
  sources: ['amazon', 'ebay', 'etsy', 'walmart', 'shopify', 'google shopping'],
  domains: ['amazon.*', 'ebay.*', 'etsy.com', 'walmart.com', 'shopping.google.com'],
};

/** Webmail and mail apps: a visit from one of them followed a link in an email. */
export const WEBMAIL_DOMAINS = [
  'mail.google.com',
  'com.google.android.gm',
  'outlook.live.com',
  'outlook.office.com',
  'outlook.office365.com',
  'mail.yahoo.com',
  'mail.proton.me',
];

/** Both spellings of a source: the bare name (`google`) and the domains some taggers use (`google.com`). */
export const sourcesOf = (category: SourceCategory): string[] => [...category.sources, ...category.domains];

/** GA4's paid mediums: anything containing "cp" (cpc, cpm, cpv...), ppc, retargeting, or starting with "paid". */
export const PAID_MEDIUMS = ['*cp*', 'ppc', 'retargeting', 'paid*'];
export const DISPLAY_MEDIUMS = ['display', 'banner', 'expandable', 'interstitial', 'cpm'];
export const SOCIAL_MEDIUMS = [
  'social',
  'social-network',
  'social-media',
  'sm',
  'social network',
  'social media',
];
export const REFERRAL_MEDIUMS = ['referral', 'app', 'link'];
export const EMAIL_NAMES = ['email', 'e-mail', 'e_mail', 'e mail'];
export const PUSH_MEDIUMS = ['*push', '*mobile*', '*notification*'];

/**
 * Ad click ids that ad platforms append to landing URLs. They mark a paid click even without utm tags.
 * Facebook also appends fbclid to links in organic posts, so an untagged organic post reads as paid
 * social; tagging organic posts (utm_medium=social) fixes that, because utm tags are checked first.
 */
export const SEARCH_CLICK_IDS = ['gclid', 'gbraid', 'wbraid', 'msclkid'];
export const SOCIAL_CLICK_IDS = ['fbclid', 'ttclid', 'li_fat_id', 'twclid'];
export const DISPLAY_CLICK_IDS = ['dclid'];
