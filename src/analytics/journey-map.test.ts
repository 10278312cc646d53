import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeJourneyMap, type JourneyEvent } from './journey-map.ts';
import type { StageMove } from './stage-flow.ts';

const T = Date.parse('2026-02-01T00:00:00Z');
const t = (minutes: number) => T + minutes * 60_000;

describe('computeJourneyMap', () => {
  const ev = (
    c: number,
    minutes: number,
    stage: string | null,
    touchpoint: string | null,
    channel: string | null,
  ) => ({
    c,
    t: t(minutes),
    stage,
    touchpoint,
    channel,
  });
  const events: JourneyEvent[] = [
    ev(1, 1, 'visitor', 'blog', 'seo'),
    ev(1, 2, 'visitor', 'pricing', 'seo'),
    ev(1, 3, 'visitor', 'pricing', 'direct'), // the move to lead comes at the same millisecond
    ev(1, 4, 'lead', 'demo', 'email'),
    ev(2, 2, 'visitor', 'blog', 'seo'),
    ev(2, 1, 'visitor', 'blog', 'social'),
    ev(3, 1, 'visitor', 'pricing', 'seo'),
    ev(3, 2, 'visitor', 'blog', 'seo'),
    ev(4, 1, 'visitor', 'pricing', null),
    ev(4, 3, 'lead', 'demo', 'email'),
    ev(4, 4, 'lead', null, null),
    ev(5, 5, 'visitor', 'blog', 'seo'), // after the customer's move to lead: not progress
    ev(5, 6, null, 'blog', 'seo'), // no stage, and a stage outside the order: not mapped
    ev(5, 7, 'at_risk', 'email', 'email'),
  ];
  const moves: StageMove[] = [
    { c: 1, from: 'visitor', to: 'lead', at: t(3) },
    { c: 1, from: 'lead', to: 'customer', at: t(5) },
    { c: 2, from: 'visitor', to: 'lead', at: t(999) }, // after now
    { c: 3, from: 'visitor', to: 'customer', at: t(3) }, // skips lead
    { c: 4, from: 'visitor', to: 'lead', at: t(2) },
    { c: 5, from: 'visitor', to: 'lead', at: t(2) },
    { c: 5, from: 'lead', to: 'at_risk', at: t(6) },
  ];
  const map = computeJourneyMap(events, moves, { stages: ['visitor', 'lead', 'customer'], now: t(100) });

  test('touchpoints per stage, with progress after the first such event', () => {
    assert.deepEqual(
      map.map((s) => [s.stage, s.next, s.events, s.customers]),
      [
        ['visitor', 'lead', 9, 5],
        ['lead', 'customer', 3, 2],
        ['customer', null, 0, 0],
      ],
    );
    assert.deepEqual(
      map[0].touchpoints.map((p) => [p.touchpoint, p.events, p.customers, p.toNext, p.toLater]),
      [
        ['blog', 5, 4, 1, 2],
        ['pricing', 4, 3, 2, 3],
      ],
    );
    assert.equal(map[0].touchpoints[1].toNextRate, 2 / 3);
    assert.deepEqual(
      map[1].touchpoints.map((p) => [
        p.touchpoint,
        p.events,
        p.customers,
        p.toNext,
        p.toLater,
        p.toLaterRate,
      ]),
      [
        ['demo', 2, 2, 1, 1, 0.5],
        ['(not set)', 1, 1, 0, 0, 0],
      ],
    );
    assert.deepEqual(map[0].touchpoints[1].channels, [
      { channel: 'seo', events: 2 },
      { channel: '(not set)', events: 1 },
      { channel: 'direct', events: 1 },
    ]);
  });

  test('drop-off points: the last touchpoint of customers who went no further', () => {
    assert.deepEqual(
      map.map((s) => [s.stage, s.stuck, s.dropOffs]),
      [
        ['visitor', 2, [{ touchpoint: 'blog', customers: 2, share: 1 }]],
        ['lead', 1, [{ touchpoint: '(not set)', customers: 1, share: 1 }]],
        ['customer', 0, []],
      ],
    );
  });
});
