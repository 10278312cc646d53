import { DAY, HOUR, isTimeZone, localParts, nextLocalTime, WEEK } from '../../core/index.ts';
import type { MessagingSettings } from '../types.ts';

/** The customer's time zone: their `timezone` trait when the platform knows it, else the workspace's. */
export function zoneOf(traits: Readonly<Record<string, unknown>>, settings: MessagingSettings): string {
  const tz = traits.timezone;
  if (typeof tz === 'string' && isTimeZone(tz)) return tz;
  return isTimeZone(settings.timeZone) ? settings.timeZone : 'UTC';
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return { hour: h!, minute: m!, total: h! * 60 + m! };
};

/**
 * When quiet hours end, if `now` falls inside them in `zone`; null outside them. A window whose start
 * is after its end spans midnight (21:00–08:00).
 *
 * @example quietUntil(Date.parse('2027-03-01T22:00Z'), { start: '21:00', end: '08:00' }, 'UTC') // 2027-03-02T08:00Z
 */
export function quietUntil(now: number, quiet: MessagingSettings['quietHours'], zone: string): number | null {
  if (!quiet || quiet.start === quiet.end) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const local = localParts(now, zone);
  const at = local.hour * 60 + local.minute;
  const inside =
    start.total < end.total ? at >= start.total && at < end.total : at >= start.total || at < end.total;
  return inside ? nextLocalTime(now, end.hour, end.minute, [], zone) : null;
}

/**
 * Whether one more marketing message fits the caps, given when the customer's earlier ones went
 * (oldest first, within the last week): null when it fits, else the first time it would.
 */
export function capAllowsAt(
  sent: readonly number[],
  caps: MessagingSettings['caps'],
  now: number,
): number | null {
  let until: number | null = null;
  const check = (limit: number | null, window: number) => {
    if (limit === null) return;
    const inWindow = sent.filter((t) => t > now - window);
    // Over the cap until enough of them leave the window: the (n - limit + 1)-th oldest one's exit.
    if (inWindow.length >= limit) {
      const freeAt = inWindow[inWindow.length - limit]! + window;
      until = Math.max(until ?? 0, freeAt);
    }
  };
  check(caps.perDay, DAY);
  check(caps.perWeek, WEEK);
  return until;
}

/**
 * The next start of the hour (in `zone`) in which these engagements (opens, clicks) happened most, the
 * earliest hour winning a tie; null with none. Within the coming hour already: now.
 */
export function bestHourAt(engagements: readonly number[], zone: string, now: number): number | null {
  if (engagements.length === 0) return null;
  const counts = new Array<number>(24).fill(0);
  for (const t of engagements) counts[localParts(t, zone).hour]!++;
  const hour = counts.indexOf(Math.max(...counts));
  if (localParts(now, zone).hour === hour) return now;
  const at = nextLocalTime(now, hour, 0, [], zone);
  return at - now > DAY + HOUR ? now : at;
}
