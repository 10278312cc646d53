import type { EventFacts } from './event-facts.ts';

/** Longest generated touchpoint, the same limit configured names have. */
const MAX_NAME = 64;
/** Generated names are remembered up to this many distinct inputs, then the memo starts over. */
const MEMO_LIMIT = 10_000;

/**
 * Caches a string function: event names and first path segments repeat endlessly, so each distinct one
 * is converted once instead of allocating new strings on every call.
 */
function memo(convert: (value: string) => string): (value: string) => string {
  const cache = new Map<string, string>();
  return (value) => {
    let result = cache.get(value);
    if (result === undefined) {
      if (cache.size >= MEMO_LIMIT) cache.clear();
      result = convert(value);
      cache.set(value, result);
    }
    return result;
  };
}

/**
 * An event name as a snake_case touchpoint name: `Order Completed` and `orderCompleted` both become
 * `order_completed`, `NPS Submitted` becomes `nps_submitted`; empty when nothing is left.
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1_$2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1_$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_NAME);
}

const trackName = memo((name) => snakeCase(name) || 'track');
const screenName = memo((name) => {
  const snake = snakeCase(name);
  return snake ? `screen:${snake}` : 'screen';
});
const pageName = memo((segment) => `page:${segment.toLowerCase()}`.slice(0, MAX_NAME));

/**
 * The channel when no rule matched. Without campaign data an event on a web page is classified by its
 * referrer as in GA4's default channel group (none: direct, another site: referral); a referrer on the
 * page's own site is navigation within it, `web`. Screens are `app`; anything else, such as a server-side
 * track call, is `unassigned`, GA4's name for an event no channel rule covers.
 */
export function fallbackChannel(facts: EventFacts): string {
  if (facts.type === 'screen') return 'app';
  if (!facts.onWebPage()) return 'unassigned';
  const referrer = facts.referrerKind();
  return referrer === 'none' ? 'direct' : referrer === 'internal' ? 'web' : 'referral';
}

/**
 * The touchpoint when no rule matched: a track call's event name in snake_case, `page:<first path
 * segment>` (`page:home` for the root), `screen:<name>`, or the message type for identify, group, alias.
 */
export function fallbackTouchpoint(facts: EventFacts): string {
  switch (facts.type) {
    case 'track':
      return facts.name ? trackName(facts.name) : 'track';
    case 'screen':
      return facts.name ? screenName(facts.name) : 'screen';
    case 'page': {
      const path = facts.path();
      if (path === undefined) return 'page';
      const start = path.charCodeAt(0) === 47 ? 1 : 0;
      let end = path.indexOf('/', start);
      if (end === -1) end = path.length;
      return end === start ? 'page:home' : pageName(path.slice(start, end));
    }
    default:
      return facts.type;
  }
}
