import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTimeZone, localParts, nextLocalTime, zonedInstant } from './zoned-time.ts';

const at = (s: string) => Date.parse(s);
const isoOf = (ms: number) => new Date(ms).toISOString();

describe('zoned time', () => {
  test('local parts follow the zone and its daylight saving', () => {
    assert.deepEqual(localParts(at('2027-01-15T12:00:00Z'), 'Europe/Paris'), {
      year: 2027,
      month: 1,
      day: 15,
      hour: 13,
      minute: 0,
      weekday: 5,
    });
    assert.equal(localParts(at('2027-07-15T12:00:00Z'), 'Europe/Paris').hour, 14);
    assert.equal(localParts(at('2027-01-15T02:00:00Z'), 'America/New_York').day, 14);
  });

  test('a local wall time maps to its instant, summer and winter', () => {
    assert.equal(isoOf(zonedInstant(2027, 1, 15, 9, 0, 'Europe/Paris')), '2027-01-15T08:00:00.000Z');
    assert.equal(isoOf(zonedInstant(2027, 7, 15, 9, 0, 'Europe/Paris')), '2027-07-15T07:00:00.000Z');
    assert.equal(isoOf(zonedInstant(2027, 7, 15, 9, 30, 'Asia/Kolkata')), '2027-07-15T04:00:00.000Z');
    // 2027-03-28 02:30 does not exist in Paris (clocks go from 02:00 to 03:00): the first moment after.
    assert.equal(isoOf(zonedInstant(2027, 3, 28, 2, 30, 'Europe/Paris')), '2027-03-28T01:30:00.000Z');
  });

  test('the next local time: later today, tomorrow, or the next allowed weekday', () => {
    const paris = 'Europe/Paris';
    assert.equal(
      isoOf(nextLocalTime(at('2027-01-15T06:00:00Z'), 9, 0, [], paris)),
      '2027-01-15T08:00:00.000Z',
    );
    assert.equal(
      isoOf(nextLocalTime(at('2027-01-15T08:00:00Z'), 9, 0, [], paris)),
      '2027-01-15T08:00:00.000Z',
    );
    assert.equal(
      isoOf(nextLocalTime(at('2027-01-15T08:00:01Z'), 9, 0, [], paris)),
      '2027-01-16T08:00:00.000Z',
    );
    // Friday 15 January 2027, asking for Mondays: the 18th.
    assert.equal(
      isoOf(nextLocalTime(at('2027-01-15T12:00:00Z'), 9, 0, [1], paris)),
      '2027-01-18T08:00:00.000Z',
    );
    // Across the autumn change (31 October 2027 in Europe): 9:00 is 08:00Z on the 1st of November.
    assert.equal(
      isoOf(nextLocalTime(at('2027-10-31T12:00:00Z'), 9, 0, [], paris)),
      '2027-11-01T08:00:00.000Z',
    );
  });

  test('unknown zones are told apart', () => {
    assert.equal(isTimeZone('Europe/Paris'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
  });
});
