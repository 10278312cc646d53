import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY, HOUR, type JsonObject } from '../core/index.ts';
import { type EventFacts, featureKey, type RuleContext } from '../rules/index.ts';
import { compileJourney } from './compile-journey.ts';
import type { Entry, StepInput } from './entry.ts';
import { journeyFromDocument } from './journey-document.ts';
import { simulateJourney } from './simulate.ts';
import { stepEntry } from './step.ts';

const T0 = Date.UTC(2027, 0, 4, 12); // a Monday, 12:00 UTC

/** Event facts over a list of times, for a context that says how often something was performed. */
function facts(times: number[]): EventFacts {
  const after = (since: number | null) => times.filter((t) => since === null || t > since);
  return {
    count: (since) => after(since).length,
    sum: () => 0,
    min: () => null,
    max: () => null,
    avg: () => null,
    first: () => (times.length ? Math.min(...times) : null),
    last: () => (times.length ? Math.max(...times) : null),
    nextExit: () => null,
  };
}

function ctx(now: number, traits: JsonObject = {}, performed: Record<string, number[]> = {}): RuleContext {
  const byKey = new Map(
    Object.entries(performed).map(([e, t]) => [featureKey({ event: e }, null), facts(t)]),
  );
  return {
    now,
    traits,
    firstSeen: T0,
    lastActivity: T0,
    stage: 'conversion',
    stageSince: T0,
    segments: new Set(),
    predictions: {},
    events: (key) => byKey.get(key) ?? facts([]),
  };
}

function journey(doc: object, id = 1) {
  const read = journeyFromDocument({
    key: 'k',
    name: 'n',
    trigger: { kind: 'event', event: 'Signed Up' },
    ...doc,
  });
  assert.ok(read.ok, JSON.stringify(!read.ok && read.errors));
  return compileJourney(id, 1, read.journey);
}

function newEntry(id = 1, at = T0): Entry {
  return {
    id,
    customerId: 7,
    journeyId: 1,
    version: 1,
    status: 'active',
    node: null,
    endReason: null,
    variant: null,
    enteredAt: at,
    nodeSince: at,
    wakeAt: null,
    convertedAt: null,
    goalUntil: null,
    endedAt: null,
    event: null,
  };
}

const UTC = 'UTC';
const enter: StepInput = { kind: 'enter' };
const time: StepInput = { kind: 'time' };
const event = (name: string, properties: JsonObject = {}): StepInput => ({
  kind: 'event',
  event: { type: 'track', name, timestamp: T0, properties },
});

describe('a journey step', () => {
  const welcome = journey({
    start: 'hello',
    nodes: [
      { id: 'hello', kind: 'send', channel: 'email', template: 'welcome', topic: 'news', next: 'pause' },
      { id: 'pause', kind: 'wait', duration: '2 days', next: 'vip' },
      { id: 'vip', kind: 'branch', rule: 'trait plan = "pro"', yes: 'pro-mail', no: null },
      { id: 'pro-mail', kind: 'send', channel: 'email', template: 'pro-tips', topic: 'news', next: null },
    ],
  });

  test('enters, sends, waits; an early wake does nothing; the due wake branches on the rule', () => {
    const first = stepEntry(welcome, newEntry(), enter, { ctx: ctx(T0), timeZone: UTC });
    assert.deepEqual(
      first.actions.map((a) => a.kind === 'send' && a.template),
      ['welcome'],
    );
    assert.equal(first.entry.node, 'pause');
    assert.equal(first.entry.wakeAt, T0 + 2 * DAY);
    assert.deepEqual(
      first.path.map((p) => p.outcome),
      ['entered', 'sent', 'waiting'],
    );
    const early = stepEntry(welcome, first.entry, time, {
      ctx: ctx(T0 + DAY, { plan: 'pro' }),
      timeZone: UTC,
    });
    assert.deepEqual(early.actions, []);
    assert.equal(early.entry.node, 'pause');
    const due = stepEntry(welcome, first.entry, time, {
      ctx: ctx(T0 + 2 * DAY, { plan: 'pro' }),
      timeZone: UTC,
    });
    assert.deepEqual(
      due.actions.map((a) => a.kind === 'send' && a.template),
      ['pro-tips'],
    );
    assert.equal(due.entry.status, 'ended');
    assert.equal(due.entry.endReason, 'completed');
    const yes = due.path.find((p) => p.outcome === 'yes')!;
    assert.equal(yes.facts?.[0]?.passed, true);
    const free = stepEntry(welcome, first.entry, time, {
      ctx: ctx(T0 + 2 * DAY, { plan: 'free' }),
      timeZone: UTC,
    });
    assert.deepEqual(free.actions, []);
    assert.ok(free.path.some((p) => p.outcome === 'no' && p.detail === 'the rule does not hold'));
  });

  test('the step is pure: the entry given is not changed, and the same input gives the same result', () => {
    const entry = newEntry();
    const a = stepEntry(welcome, entry, enter, { ctx: ctx(T0), timeZone: UTC });
    const b = stepEntry(welcome, entry, enter, { ctx: ctx(T0), timeZone: UTC });
    assert.deepEqual(entry, newEntry());
    assert.deepEqual(a, b);
  });

  const cart = journey({
    exit: 'trait unsubscribed = true',
    start: 'wait-buy',
    nodes: [
      {
        id: 'wait-buy',
        kind: 'wait-for',
        event: '"Order Completed" [revenue > 0]',
        timeout: '4 hours',
        next: null,
        timeoutNext: 'remind',
      },
      { id: 'remind', kind: 'send', channel: 'email', template: 'cart', topic: 'news', next: null },
    ],
  });

  test('wait-for: the awaited event moves on; another event or a filter miss does not; the timeout branch mails', () => {
    const waiting = stepEntry(cart, newEntry(), enter, { ctx: ctx(T0), timeZone: UTC }).entry;
    assert.equal(waiting.wakeAt, T0 + 4 * HOUR);
    const other = stepEntry(cart, waiting, event('Product Viewed'), { ctx: ctx(T0 + HOUR), timeZone: UTC });
    assert.equal(other.entry.node, 'wait-buy');
    const free = stepEntry(cart, waiting, event('Order Completed', { revenue: 0 }), {
      ctx: ctx(T0 + HOUR),
      timeZone: UTC,
    });
    assert.equal(free.entry.node, 'wait-buy');
    const bought = stepEntry(cart, waiting, event('Order Completed', { revenue: 20 }), {
      ctx: ctx(T0 + HOUR),
      timeZone: UTC,
    });
    assert.equal(bought.entry.status, 'ended');
    assert.deepEqual(bought.actions, []);
    const timedOut = stepEntry(cart, waiting, time, { ctx: ctx(T0 + 4 * HOUR), timeZone: UTC });
    assert.deepEqual(
      timedOut.actions.map((a) => a.kind === 'send' && a.template),
      ['cart'],
    );
    assert.ok(timedOut.path.some((p) => p.outcome === 'timeout'));
  });

  test('the exit rule is checked at every step: a customer who meets it leaves before anything is sent', () => {
    const waiting = stepEntry(cart, newEntry(), enter, { ctx: ctx(T0), timeZone: UTC }).entry;
    const left = stepEntry(cart, waiting, time, {
      ctx: ctx(T0 + 4 * HOUR, { unsubscribed: true }),
      timeZone: UTC,
    });
    assert.deepEqual(left.actions, []);
    assert.equal(left.entry.endReason, 'exit-rule');
    const atOnce = stepEntry(cart, newEntry(), enter, {
      ctx: ctx(T0, { unsubscribed: true }),
      timeZone: UTC,
    });
    assert.equal(atOnce.entry.endReason, 'exit-rule');
  });

  const goal = journey({
    goal: { event: 'Order Completed', within: '7 days' },
    start: 'hello',
    nodes: [
      { id: 'hello', kind: 'send', channel: 'email', template: 'welcome', topic: 'news', next: 'pause' },
      { id: 'pause', kind: 'wait', duration: '1 day', next: null },
    ],
  });

  test('the goal: reached while inside ends the entry; after the path ended it still counts within the window, not after', () => {
    const waiting = stepEntry(goal, newEntry(), enter, { ctx: ctx(T0), timeZone: UTC }).entry;
    const won = stepEntry(goal, waiting, event('Order Completed'), { ctx: ctx(T0 + HOUR), timeZone: UTC });
    assert.equal(won.entry.endReason, 'goal');
    assert.equal(won.entry.convertedAt, T0 + HOUR);
    const done = stepEntry(goal, waiting, time, { ctx: ctx(T0 + DAY), timeZone: UTC }).entry;
    assert.equal(done.endReason, 'completed');
    const late = stepEntry(goal, done, event('Order Completed'), { ctx: ctx(T0 + 3 * DAY), timeZone: UTC });
    assert.equal(late.entry.convertedAt, T0 + 3 * DAY);
    assert.equal(late.entry.endReason, 'completed');
    const tooLate = stepEntry(goal, done, event('Order Completed'), {
      ctx: ctx(T0 + 8 * DAY),
      timeZone: UTC,
    });
    assert.equal(tooLate.entry.convertedAt, null);
  });

  test('the holdout: the share drawn gets nothing, is followed for the goal window, and the draw is fixed per entry', () => {
    const held = journey({
      ...{ goal: { event: 'Order Completed', within: '7 days' } },
      holdout: 0.3,
      start: 'hello',
      nodes: [
        { id: 'hello', kind: 'send', channel: 'email', template: 'welcome', topic: 'news', next: null },
      ],
    });
    let holdouts = 0;
    for (let id = 1; id <= 5000; id++) {
      const r = stepEntry(held, newEntry(id), enter, { ctx: ctx(T0), timeZone: UTC });
      assert.deepEqual(r, stepEntry(held, newEntry(id), enter, { ctx: ctx(T0), timeZone: UTC }));
      if (r.entry.status === 'holdout') {
        holdouts++;
        assert.deepEqual(r.actions, []);
        assert.equal(r.entry.wakeAt, T0 + 7 * DAY);
      } else assert.equal(r.actions.length, 1);
    }
    // 30% of 5,000 is 1,500; the binomial standard deviation is about 32.
    assert.ok(Math.abs(holdouts - 1500) < 150, `holdouts ${holdouts}`);
    const holdout = [...Array(50).keys()]
      .map((i) => newEntry(i + 1))
      .map((e) => stepEntry(held, e, enter, { ctx: ctx(T0), timeZone: UTC }).entry)
      .find((e) => e.status === 'holdout')!;
    const converted = stepEntry(held, holdout, event('Order Completed'), {
      ctx: ctx(T0 + DAY),
      timeZone: UTC,
    });
    assert.equal(converted.entry.convertedAt, T0 + DAY);
    const closed = stepEntry(held, holdout, time, { ctx: ctx(T0 + 7 * DAY), timeZone: UTC });
    assert.equal(closed.entry.endReason, 'holdout-window');
  });

  test('a random split follows its weights and records the variant drawn', () => {
    const ab = journey({
      start: 'r',
      nodes: [
        {
          id: 'r',
          kind: 'random',
          variants: [
            { key: 'a', weight: 3, next: 'ma' },
            { key: 'b', weight: 1, next: 'mb' },
          ],
        },
        { id: 'ma', kind: 'send', channel: 'email', template: 'a', topic: 'news', next: null },
        { id: 'mb', kind: 'send', channel: 'email', template: 'b', topic: 'news', next: null },
      ],
    });
    const counts = { a: 0, b: 0 };
    for (let id = 1; id <= 4000; id++) {
      const r = stepEntry(ab, newEntry(id), enter, { ctx: ctx(T0), timeZone: UTC });
      const v = r.entry.variant as 'a' | 'b';
      counts[v]++;
      assert.equal(r.actions[0]?.kind === 'send' && r.actions[0].template, v);
    }
    assert.ok(Math.abs(counts.a - 3000) < 150, JSON.stringify(counts));
  });

  test('wait-until waits for the local time in the customer’s zone, on the allowed weekdays', () => {
    const morning = journey({
      start: 'w',
      nodes: [
        { id: 'w', kind: 'wait-until', at: '09:00', days: ['wed'], next: 'm' },
        { id: 'm', kind: 'send', channel: 'sms', template: 'tip', next: null },
      ],
    });
    const tokyo = stepEntry(morning, newEntry(), enter, { ctx: ctx(T0), timeZone: 'Asia/Tokyo' });
    // Monday 12:00 UTC is 21:00 in Tokyo; Wednesday 09:00 there is Wednesday 00:00 UTC.
    assert.equal(new Date(tokyo.entry.wakeAt!).toISOString(), '2027-01-06T00:00:00.000Z');
    const ny = stepEntry(morning, newEntry(), enter, { ctx: ctx(T0), timeZone: 'America/New_York' });
    assert.equal(new Date(ny.entry.wakeAt!).toISOString(), '2027-01-06T14:00:00.000Z');
    const sent = stepEntry(morning, tokyo.entry, time, {
      ctx: ctx(tokyo.entry.wakeAt!),
      timeZone: 'Asia/Tokyo',
    });
    assert.equal(sent.actions.length, 1);
  });

  test('a split takes the first case that holds; a set trait is seen by the rules after it', () => {
    const j = journey({
      start: 'mark',
      nodes: [
        { id: 'mark', kind: 'set-trait', trait: 'tier', value: 'gold', next: 's' },
        {
          id: 's',
          kind: 'split',
          cases: [
            { rule: 'trait tier = "silver"', next: 'x' },
            { rule: 'trait tier = "gold"', next: 'y' },
          ],
          otherwise: null,
        },
        { id: 'x', kind: 'send', channel: 'email', template: 'x', topic: 'news', next: null },
        { id: 'y', kind: 'send', channel: 'email', template: 'y', topic: 'news', next: null },
      ],
    });
    const r = stepEntry(j, newEntry(), enter, { ctx: ctx(T0, { tier: 'bronze' }), timeZone: UTC });
    assert.deepEqual(
      r.actions.map((a) => (a.kind === 'send' ? a.template : a.trait)),
      ['tier', 'y'],
    );
    assert.ok(r.path.some((p) => p.outcome === 'case 2'));
  });

  test('wait-for a rule wakes when time alone could make it hold, and moves on once it holds', () => {
    const j = journey({
      start: 'w',
      nodes: [
        {
          id: 'w',
          kind: 'wait-for',
          rule: 'performed "Order Completed"',
          timeout: '3 days',
          next: 'thanks',
          timeoutNext: null,
        },
        { id: 'thanks', kind: 'send', channel: 'email', template: 'thanks', topic: null, next: null },
      ],
    });
    const waiting = stepEntry(j, newEntry(), enter, { ctx: ctx(T0), timeZone: UTC }).entry;
    assert.equal(waiting.wakeAt, T0 + 3 * DAY);
    const bought = stepEntry(j, waiting, event('Order Completed'), {
      ctx: ctx(T0 + HOUR, {}, { 'Order Completed': [T0 + HOUR] }),
      timeZone: UTC,
    });
    assert.equal(bought.actions.length, 1);
    assert.ok(bought.path.some((p) => p.outcome === 'rule'));
  });
});

describe('a move onto a newer version (a publish’s node mapping)', () => {
  const v2 = (nodes: object[]) => {
    const read = journeyFromDocument({
      key: 'k',
      name: 'n',
      trigger: { kind: 'event', event: 'Signed Up' },
      start: nodes.length ? (nodes[0] as { id: string }).id : 'x',
      nodes,
    });
    assert.ok(read.ok, JSON.stringify(!read.ok && read.errors));
    return compileJourney(1, 2, read.journey);
  };
  const waited = { ...newEntry(), node: 'old-wait', nodeSince: T0, wakeAt: T0 + 3 * DAY };
  const at = (now: number) => ({ ctx: ctx(now), timeZone: UTC });

  test('a wait-for counts its timeout from the arrival at the old node; past it, the timeout branch runs', () => {
    const j = v2([
      {
        id: 'buy',
        kind: 'wait-for',
        event: 'Order Completed',
        timeout: '2 days',
        next: null,
        timeoutNext: 'nudge',
      },
      { id: 'nudge', kind: 'send', channel: 'email', template: 'nudge', topic: null, next: null },
    ]);
    const soon = stepEntry(j, waited, { kind: 'move', node: 'buy' }, at(T0 + DAY));
    assert.deepEqual([soon.entry.version, soon.entry.node, soon.entry.wakeAt], [2, 'buy', T0 + 2 * DAY]);
    const late = stepEntry(j, waited, { kind: 'move', node: 'buy' }, at(T0 + 2 * DAY));
    assert.deepEqual(
      late.actions.map((a) => a.kind === 'send' && a.template),
      ['nudge'],
    );
    assert.equal(late.entry.endReason, 'completed');
  });

  test('onto a node that is no wait, the walk goes on from there at once; the entry given is not changed', () => {
    const j = v2([{ id: 'mail', kind: 'send', channel: 'email', template: 'news', topic: null, next: null }]);
    const r = stepEntry(j, waited, { kind: 'move', node: 'mail' }, at(T0 + DAY));
    assert.deepEqual(
      r.path.map((p) => p.outcome),
      ['moved', 'sent', 'ended'],
    );
    assert.equal(r.entry.version, 2);
    assert.equal(waited.version, 1);
    assert.equal(waited.node, 'old-wait');
  });
});

describe('a simulated path ("what would happen to this customer")', () => {
  test('waits end when due, awaited events never come, rules see the state as it stands then', () => {
    const j = journey({
      start: 'cart',
      nodes: [
        {
          id: 'cart',
          kind: 'wait-for',
          event: 'Order Completed',
          timeout: '4 hours',
          next: null,
          timeoutNext: 'pause',
        },
        { id: 'pause', kind: 'wait', duration: '2 days', next: 'old' },
        { id: 'old', kind: 'branch', rule: 'days since first seen >= 2', yes: 'mail', no: null },
        { id: 'mail', kind: 'send', channel: 'email', template: 'nudge', topic: 'news', next: null },
      ],
    });
    const s = simulateJourney(j, ctx(T0), UTC, 1);
    assert.deepEqual(
      s.path.map((p) => p.outcome),
      ['entered', 'waiting', 'timeout', 'waiting', 'waited', 'yes', 'sent', 'ended'],
    );
    assert.deepEqual(
      s.actions.map((a) => [a.nodeId, a.at]),
      [['mail', T0 + 4 * HOUR + 2 * DAY]],
    );
    assert.equal(s.endReason, 'completed');
    assert.equal(s.endedAt, T0 + 4 * HOUR + 2 * DAY);
    // The same customer first seen later takes the other branch: the rule is evaluated when they get there.
    const young = simulateJourney(j, { ...ctx(T0), firstSeen: T0 + DAY }, UTC, 1);
    assert.deepEqual(young.actions, []);
  });
});
