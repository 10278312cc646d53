import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY } from '../core/index.ts';
import { computeStageFlow, type StageMove } from './stage-flow.ts';

const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('computeStageFlow', () => {
  const moves: StageMove[] = [
    { c: 1, from: 'lead', to: 'customer', at: at('2026-02-05') },
    { c: 1, from: null, to: 'visitor', at: at('2025-12-20') },
    { c: 1, from: 'visitor', to: 'lead', at: at('2026-01-10') },
    { c: 1, from: 'customer', to: 'advocate', at: at('2026-03-15') }, // after the range, before now
    { c: 2, from: null, to: 'visitor', at: at('2026-01-03') },
    { c: 2, from: 'visitor', to: 'lead', at: at('2026-01-20') },
    { c: 2, from: 'lead', to: 'at_risk', at: at('2026-02-10') },
    { c: 3, from: null, to: 'visitor', at: at('2026-02-01') },
    { c: 3, from: 'visitor', to: 'customer', at: at('2026-02-20') }, // skips lead
    { c: 4, from: null, to: 'lead', at: at('2026-01-05') },
    { c: 4, from: 'lead', to: 'customer', at: at('2026-05-01') }, // after now: ignored
    { c: 5, from: null, to: 'visitor', at: at('2025-11-01') },
  ];
  const result = computeStageFlow(moves, {
    stages: ['visitor', 'lead', 'customer', 'advocate'],
    from: at('2026-01-01'),
    to: at('2026-03-01'),
    unit: 'month',
    now: at('2026-04-01'),
  });
  const links = (list: { from: string | null; to: string; count: number }[]) =>
    list.map((l) => `${l.from ?? '∅'}→${l.to} ${l.count}`);

  test('transitions per period and in total', () => {
    assert.deepEqual(
      result.periods.map((p) => [p.label, links(p.links)]),
      [
        ['2026-01', ['visitor→lead 2', '∅→visitor 1', '∅→lead 1']],
        ['2026-02', ['∅→visitor 1', 'visitor→customer 1', 'lead→customer 1', 'lead→at_risk 1']],
      ],
    );
    assert.deepEqual(links(result.totals), [
      '∅→visitor 2',
      'visitor→lead 2',
      '∅→lead 1',
      'visitor→customer 1',
      'lead→customer 1',
      'lead→at_risk 1',
    ]);
  });

  test('conversion to the next stage and to any later one', () => {
    assert.deepEqual(
      result.conversion.map((c) => [
        c.stage,
        c.next,
        c.entered,
        c.toNext,
        c.toNextRate,
        c.toLater,
        c.toLaterRate,
      ]),
      [
        ['visitor', 'lead', 2, 1, 0.5, 2, 1],
        ['lead', 'customer', 3, 1, 1 / 3, 1, 1 / 3],
        ['customer', 'advocate', 2, 1, 0.5, 1, 0.5],
        ['advocate', null, 0, 0, null, 0, null],
      ],
    );
  });

  test('the last stage has no rate to the next, even with customers entering it', () => {
    const last = computeStageFlow(
      [
        { c: 7, from: null, to: 'visitor', at: at('2026-01-02') },
        { c: 7, from: 'visitor', to: 'advocate', at: at('2026-01-09') },
      ],
      {
        stages: ['visitor', 'advocate'],
        from: at('2026-01-01'),
        to: at('2026-03-01'),
        unit: 'month',
        now: at('2026-04-01'),
      },
    ).conversion;
    assert.deepEqual(
      last.map((c) => [c.stage, c.entered, c.toNextRate, c.toLaterRate]),
      [
        ['visitor', 1, 1, 1],
        ['advocate', 1, null, null],
      ],
    );
  });

  test('time in stage: stays that ended in the range, and open stays', () => {
    const days = (x: number | null) => (x === null ? null : x / DAY);
    assert.deepEqual(
      result.timeInStage.map((s) => [
        s.stage,
        s.ended.count,
        days(s.ended.median),
        days(s.ended.p90),
        s.open.count,
        days(s.open.medianAge),
      ]),
      [
        ['visitor', 3, 19, 20.6, 1, 151],
        ['lead', 2, 23.5, 25.5, 1, 86],
        ['customer', 0, null, null, 1, 40],
        ['advocate', 0, null, null, 0, null],
        ['at_risk', 0, null, null, 1, 50],
      ],
    );
  });

  test('time to stage from the first move', () => {
    assert.deepEqual(
      result.timeToStage.map((s) => [
        s.stage,
        s.time.count,
        s.time.median === null ? null : s.time.median / DAY,
      ]),
      [
        ['visitor', 2, 0],
        ['lead', 3, 17],
        ['customer', 2, 33],
        ['advocate', 0, null],
        ['at_risk', 1, 38],
      ],
    );
  });

  test('rejects a stage order listing a stage twice', () => {
    assert.throws(
      () => computeStageFlow([], { stages: ['a', 'a'], from: 0, to: 1, unit: 'day', now: 1 }),
      RangeError,
    );
  });
});
