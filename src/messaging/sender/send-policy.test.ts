import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY, HOUR } from '../../core/index.ts';
import { DEFAULT_MESSAGING_SETTINGS } from '../types.ts';
import { bestHourAt, capAllowsAt, quietUntil, zoneOf } from './send-policy.ts';

const at = (iso: string) => Date.parse(iso);

test('quiet hours across midnight hold until their end in the customer zone; outside them nothing', () => {
  const q = { start: '21:00', end: '08:00' };
  assert.equal(quietUntil(at('2027-03-01T22:30:00Z'), q, 'UTC'), at('2027-03-02T08:00:00Z'));
  assert.equal(quietUntil(at('2027-03-02T07:59:00Z'), q, 'UTC'), at('2027-03-02T08:00:00Z'));
  assert.equal(quietUntil(at('2027-03-02T08:00:00Z'), q, 'UTC'), null);
  assert.equal(quietUntil(at('2027-03-01T20:59:00Z'), q, 'UTC'), null);
  // 20:30 UTC is 21:30 in Paris (winter): quiet there, ending at 08:00 Paris = 07:00 UTC.
  assert.equal(quietUntil(at('2027-03-01T20:30:00Z'), q, 'Europe/Paris'), at('2027-03-02T07:00:00Z'));
  assert.equal(
    quietUntil(at('2027-03-01T12:30:00Z'), { start: '12:00', end: '14:00' }, 'UTC'),
    at('2027-03-01T14:00:00Z'),
  );
  assert.equal(quietUntil(at('2027-03-01T12:30:00Z'), null, 'UTC'), null);
});

test('caps: free until the oldest message in the window leaves it; both windows count', () => {
  const now = at('2027-03-10T12:00:00Z');
  const caps = { perDay: 2, perWeek: 3 };
  assert.equal(capAllowsAt([now - 3 * HOUR], caps, now), null);
  assert.equal(capAllowsAt([now - 5 * HOUR, now - 3 * HOUR], caps, now), now - 5 * HOUR + DAY);
  // Two days ago, yesterday, and an hour ago: the week is full until the first leaves it.
  const week = [now - 2 * DAY, now - DAY - HOUR, now - HOUR];
  assert.equal(capAllowsAt(week, caps, now), now - 2 * DAY + 7 * DAY);
  assert.equal(capAllowsAt(week, { perDay: null, perWeek: null }, now), null);
});

test('the best hour is where engagements gather, in the zone; none gives null', () => {
  const now = at('2027-03-10T06:00:00Z');
  const opens = [at('2027-03-01T19:10:00Z'), at('2027-03-03T19:50:00Z'), at('2027-03-04T08:00:00Z')];
  assert.equal(bestHourAt(opens, 'UTC', now), at('2027-03-10T19:00:00Z'));
  assert.equal(bestHourAt(opens, 'UTC', at('2027-03-10T19:30:00Z')), at('2027-03-10T19:30:00Z'));
  assert.equal(bestHourAt([], 'UTC', now), null);
});

test('a customer zone trait wins when valid, else the workspace zone', () => {
  const s = { ...DEFAULT_MESSAGING_SETTINGS, timeZone: 'Europe/Berlin' };
  assert.equal(zoneOf({ timezone: 'America/New_York' }, s), 'America/New_York');
  assert.equal(zoneOf({ timezone: 'Mars/Olympus' }, s), 'Europe/Berlin');
  assert.equal(zoneOf({}, s), 'Europe/Berlin');
});
