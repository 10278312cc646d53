import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { journeyFromDocument, journeyToDocument } from './journey-document.ts';

const WELCOME = `
key: welcome
name: Welcome series
trigger: { kind: event, event: Signed Up }
entry: { mode: once }
exit: performed "Order Completed"
goal: { event: Order Completed, within: 14 days }
holdout: 0.1
start: hello
nodes:
  - { id: hello, kind: send, channel: email, template: welcome-1, topic: newsletter, next: pause }
  - { id: pause, kind: wait, duration: 2 days, next: morning }
  - { id: morning, kind: wait-until, at: "09:30", days: [mon, tue], next: bought }
  - id: bought
    kind: branch
    rule: performed "Order Completed" [revenue >= 50]
    yes: null
    no: ab
  - id: ab
    kind: random
    variants:
      - { key: a, weight: 1, next: tip }
      - { key: b, weight: 1, next: cart }
  - { id: tip, kind: send, channel: email, template: tip, topic: newsletter, quietHours: skip, next: done }
  - id: cart
    kind: wait-for
    event: '"Order Completed" [revenue > 0]'
    timeout: 3 days
    next: done
    timeoutNext: mark
  - { id: mark, kind: set-trait, trait: nudged, value: true, next: done }
  - { id: done, kind: exit }
`;

describe('journey documents', () => {
  test('a document reads into a definition, with defaults, and prints back to the same definition', () => {
    const read = journeyFromDocument(WELCOME);
    assert.ok(read.ok, JSON.stringify(!read.ok && read.errors));
    const j = read.journey;
    assert.deepEqual(j.trigger, { kind: 'event', event: 'Signed Up', where: [] });
    assert.equal(j.holdout, 0.1);
    const hello = j.nodes[0]!;
    assert.deepEqual(hello, {
      id: 'hello',
      kind: 'send',
      channel: 'email',
      template: 'welcome-1',
      topic: 'newsletter',
      quietHours: 'hold',
      onCap: 'wait',
      sendTime: 'now',
      next: 'pause',
    });
    assert.deepEqual(j.nodes[1], {
      id: 'pause',
      kind: 'wait',
      duration: { amount: 2, unit: 'days' },
      next: 'morning',
    });
    assert.deepEqual(j.nodes[2], {
      id: 'morning',
      kind: 'wait-until',
      at: { hour: 9, minute: 30 },
      days: ['mon', 'tue'],
      next: 'bought',
    });
    const cart = j.nodes.find((n) => n.id === 'cart');
    assert.ok(cart?.kind === 'wait-for');
    assert.deepEqual(cart.event, {
      event: 'Order Completed',
      where: [{ property: 'revenue', op: 'gt', value: 0 }],
    });
    const again = journeyFromDocument(journeyToDocument(j));
    assert.ok(again.ok, JSON.stringify(!again.ok && again.errors));
    assert.deepEqual(again.journey, j);
  });

  test('every fault is reported at its path, with its line and column in the YAML', () => {
    const read = journeyFromDocument(`key: Welcome
name: x
trigger: { kind: event, event: Signed Up, filter: x }
start: a
nodes:
  - { id: a, kind: wait, duration: soon, next: b }
  - { id: b, kind: send, channel: fax, template: t }
  - { id: c, kind: brunch }
`);
    assert.ok(!read.ok);
    const byPath = new Map(read.errors.map((e) => [e.path, e]));
    assert.match(byPath.get('key')!.message, /lower-case/);
    assert.match(byPath.get('trigger.filter')!.message, /unknown key; expected kind, event/);
    assert.match(byPath.get('nodes[0].duration')!.message, /duration such as "2 days"/);
    assert.equal(byPath.get('nodes[0].duration')!.line, 6);
    assert.match(byPath.get('nodes[1].channel')!.message, /one of email, sms, webhook, found "fax"/);
    assert.match(byPath.get('nodes[2].kind')!.message, /one of wait, wait-until/);
    assert.equal(byPath.get('nodes[2].kind')!.line, 8);
  });

  test('a rule with a syntax error names the rule text position', () => {
    const read = journeyFromDocument({
      key: 'k',
      name: 'n',
      trigger: { kind: 'stage', change: 'entered', stage: 'retention' },
      start: 'a',
      nodes: [{ id: 'a', kind: 'branch', rule: 'performed "X" at least', yes: null, no: null }],
    });
    assert.ok(!read.ok);
    assert.equal(read.errors[0]!.path, 'nodes[0].rule');
    assert.match(read.errors[0]!.message, /rule text line 1, column/);
  });

  const graph = (nodes: unknown[], start = 'a') =>
    journeyFromDocument({ key: 'k', name: 'n', trigger: { kind: 'trait', trait: 'plan' }, start, nodes });
  const messages = (r: ReturnType<typeof graph>) =>
    r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);

  test('the graph: edges name nodes, ids are unique, every node is reachable, the start exists', () => {
    assert.deepEqual(messages(graph([{ id: 'a', kind: 'wait', duration: '1 day', next: 'nowhere' }])), [
      'nodes[0].next: names no node: "nowhere"',
    ]);
    assert.deepEqual(
      messages(
        graph([
          { id: 'a', kind: 'exit' },
          { id: 'a', kind: 'exit' },
        ]),
      ),
      ['nodes[1].id: "a" is the id of an earlier node too'],
    );
    assert.deepEqual(
      messages(
        graph([
          { id: 'a', kind: 'exit' },
          { id: 'b', kind: 'exit' },
        ]),
      ),
      ['nodes[1]: node "b" cannot be reached from the start'],
    );
    assert.deepEqual(messages(graph([{ id: 'a', kind: 'exit' }], 'z')), [
      'start: names no node; nodes are a',
    ]);
  });

  test('a loop without a wait is refused; a loop through a wait is fine', () => {
    const loop = [
      { id: 'a', kind: 'branch', rule: 'trait vip = true', yes: 'b', no: null },
      { id: 'b', kind: 'set-trait', trait: 'x', value: 1, next: 'a' },
    ];
    assert.deepEqual(messages(graph(loop)), [
      'nodes[0]: the loop a → b → a has no wait: add a wait node to it',
    ]);
    const waited = [
      { id: 'a', kind: 'branch', rule: 'trait vip = true', yes: 'b', no: null },
      { id: 'b', kind: 'wait', duration: '1 day', next: 'a' },
    ];
    assert.deepEqual(messages(graph(waited)), []);
  });

  test('entry policies, goals and triggers are checked whole', () => {
    const base = { key: 'k', name: 'n', start: 'a', nodes: [{ id: 'a', kind: 'exit' }] };
    const bad = journeyFromDocument({
      ...base,
      trigger: { kind: 'date', trait: 'birthday', offsetDays: 1.5, at: '25:00' },
      entry: { mode: 'cooldown' },
      goal: { event: 'Order Completed', rule: 'always', within: '7 days' },
      holdout: 0.9,
    });
    assert.deepEqual(messages(bad).sort(), [
      'entry.cooldown: is required',
      'goal: a goal has either an event or a rule',
      'holdout: must be a number from 0 to 0.5, found number',
      'trigger.at: must be a time of day "HH:MM" (24-hour), found "25:00"',
      'trigger.offsetDays: must be a whole number of days',
    ]);
    const good = journeyFromDocument({
      ...base,
      trigger: { kind: 'broadcast', segment: 'vip', at: '2027-01-15T09:00:00Z', every: '1 week' },
      entry: { mode: 'cooldown', cooldown: '30 days' },
    });
    assert.ok(good.ok);
    assert.deepEqual(good.journey.trigger, {
      kind: 'broadcast',
      segment: 'vip',
      at: Date.UTC(2027, 0, 15, 9),
      every: { amount: 1, unit: 'weeks' },
    });
    assert.deepEqual(journeyFromDocument(journeyToDocument(good.journey)), good);
  });
});
