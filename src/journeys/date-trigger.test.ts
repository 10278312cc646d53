import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstBroadcast, nextBroadcast } from './broadcast-trigger.ts';
import { nextDateOccurrence, traitDate } from './date-trigger.ts';
import type { Trigger } from './model.ts';

const birthday: Extract<Trigger, { kind: 'date' }> = {
  kind: 'date',
  trait: 'birthday',
  offsetDays: 0,
  at: { hour: 9, minute: 0 },
  yearly: true,
};
const at = (iso: string) => Date.parse(iso);

describe('date triggers', () => {
  test('a birthday comes round each year at the local time, not on the day of birth', () => {
    const o = nextDateOccurrence(birthday, '1990-03-15', 'Europe/Paris', at('2027-01-10T00:00Z'));
    assert.deepEqual(o, { at: at('2027-03-15T08:00Z'), date: '2027-03-15' });
    // Past this year's: next year's.
    const later = nextDateOccurrence(birthday, '1990-03-15', 'Europe/Paris', at('2027-03-15T08:00:01Z'));
    assert.deepEqual(later, { at: at('2028-03-15T08:00Z'), date: '2028-03-15' });
    // A date written today is not an anniversary today.
    const fresh = nextDateOccurrence(birthday, '2027-03-15', 'UTC', at('2027-03-15T00:00Z'));
    assert.equal(fresh?.date, '2028-03-15');
  });

  test('29 February is kept on 28 February in other years; offsets cross years', () => {
    assert.equal(
      nextDateOccurrence(birthday, '2000-02-29', 'UTC', at('2027-01-01T00:00Z'))?.date,
      '2027-02-28',
    );
    assert.equal(
      nextDateOccurrence(birthday, '2000-02-29', 'UTC', at('2028-01-01T00:00Z'))?.date,
      '2028-02-29',
    );
    const before = { ...birthday, offsetDays: -3 };
    assert.equal(
      nextDateOccurrence(before, '1990-01-02', 'UTC', at('2027-12-01T00:00Z'))?.date,
      '2027-12-30',
    );
  });

  test('a one-off date with an offset, in the customer zone, and none once it passed', () => {
    const trial = {
      ...birthday,
      trait: 'trialEndsAt',
      offsetDays: -3,
      at: { hour: 10, minute: 0 },
      yearly: false,
    };
    // 02:00Z on 1 March is still 28 February in New York: three days before is 25 February.
    const o = nextDateOccurrence(trial, '2027-03-01T02:00:00Z', 'America/New_York', at('2027-02-01T00:00Z'));
    assert.deepEqual(o, { at: at('2027-02-25T15:00Z'), date: '2027-02-25' });
    assert.equal(nextDateOccurrence(trial, '2027-03-01T02:00:00Z', 'America/New_York', o!.at + 1), null);
    assert.equal(
      nextDateOccurrence(trial, at('2027-03-10T12:00Z'), 'UTC', at('2027-03-01T00:00Z'))?.date,
      '2027-03-07',
    );
  });

  test('what holds no date', () => {
    for (const v of ['2027-02-30', 'March 7', '', true, null, undefined, { d: 1 }, Number.NaN])
      assert.equal(traitDate(v as never, 'UTC'), null, String(v));
  });
});

describe('broadcast triggers', () => {
  const once = { kind: 'broadcast' as const, segment: 's', at: at('2027-05-01T09:00Z'), every: null };
  const weekly = { ...once, every: { amount: 1, unit: 'weeks' as const } };
  test('a one-off goes at its time, or at once when published late, and never again', () => {
    assert.equal(firstBroadcast(once, at('2027-04-01T00:00Z')), once.at);
    assert.equal(firstBroadcast(once, at('2027-06-01T00:00Z')), once.at);
    assert.equal(nextBroadcast(once, once.at, at('2027-06-01T00:00Z')), null);
  });
  test('a recurring one goes at its next time not yet past, skipping missed ones', () => {
    assert.equal(firstBroadcast(weekly, at('2027-05-03T00:00Z')), at('2027-05-08T09:00Z'));
    assert.equal(nextBroadcast(weekly, weekly.at, weekly.at), at('2027-05-08T09:00Z'));
    assert.equal(nextBroadcast(weekly, weekly.at, at('2027-05-20T00:00Z')), at('2027-05-22T09:00Z'));
  });
});
