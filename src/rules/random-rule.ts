import type {
  Cmp,
  EventSpec,
  PropertyFilter,
  Rule,
  Scalar,
  SinceRef,
  Span,
  TimeUnit,
  TraitTest,
} from './ast.ts';

/**
 * Seeded random canonical rules for round-trip tests. The pools lean on the awkward cases: names
 * that need quotes or look like keywords, strings with escapes, numbers that print in exponent form.
 */

const NAMES = [
  'plan',
  'first name',
  'and',
  'in',
  'True',
  '$page',
  'a.b.c',
  'x_1',
  'ünïcode',
  'with "quotes"',
  '1st',
];
const STRINGS = [
  '',
  'pro',
  'a\\b',
  'line\nbreak',
  'tab\t',
  '"q"',
  '\u0001',
  '😀',
  '\ud800',
  'AND',
  '#not a comment',
];
const NUMBERS = [0, 1, -1, 1.5, -0.25, 1e21, 1.5e-7, 123456789, 5e-324, Number.MAX_VALUE, 90];
const DATES = [
  '2025-01-31',
  '2024-02-29',
  '2025-01-31T09:30',
  '2025-01-31T09:30:00.123Z',
  '2025-12-31T23:59:59+05:30',
];
const UNITS: TimeUnit[] = ['minutes', 'hours', 'days', 'weeks', 'months', 'years'];
const CMPS: Cmp[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'];

/** A deterministic pseudo-random source (mulberry32). */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random canonical rule at most `depth` levels deep. */
export function randomRule(random: () => number, depth = 4): Rule {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const scalar = (): Scalar =>
    pick<() => Scalar>([() => pick(STRINGS), () => pick(NUMBERS), () => random() < 0.5, () => null])();
  const span = (): Span => ({ amount: pick([1, 2, 0.5, 30, 365, 1e-9]), unit: pick(UNITS) });
  const positive = (): string => pick(NAMES);
  const valueTest = () =>
    pick<() => Omit<PropertyFilter, 'property'>>([
      () => ({ op: pick(CMPS), value: scalar() }),
      () => ({ op: 'in', values: Array.from({ length: Math.floor(random() * 3) }, scalar) }),
      () => ({ op: 'contains', value: pick(STRINGS) }),
      () => ({ op: 'exists' }),
    ])() as TraitTest;
  const event = (): EventSpec => {
    const spec: EventSpec = { event: pick(NAMES) };
    const filters = Math.floor(random() * 3);
    if (filters > 0)
      spec.where = Array.from(
        { length: filters },
        () => ({ property: positive(), ...valueTest() }) as PropertyFilter,
      );
    return spec;
  };
  const traitTest = (): TraitTest =>
    pick<() => TraitTest>([
      valueTest,
      () => ({ op: pick(['before', 'after'] as const), date: pick(DATES) }),
      () => ({
        op: pick(['withinLast', 'withinNext', 'moreThanAgo', 'anniversaryWithin'] as const),
        span: span(),
      }),
    ])();
  const since = (): SinceRef =>
    pick<() => SinceRef>([
      () => ({ kind: pick(['first', 'last'] as const), event: event() }),
      () => ({ kind: 'lastActivity' }),
      () => ({ kind: 'firstSeen' }),
    ])();
  const leaves: (() => Rule)[] = [
    () => ({ kind: 'always' }),
    () => ({ kind: 'trait', trait: positive(), test: traitTest() }),
    () => ({
      kind: 'performed',
      event: event(),
      count: { op: pick(['atLeast', 'atMost', 'exactly'] as const), n: pick([0, 1, 2, 10]) },
      window: random() < 0.5 ? null : span(),
    }),
    () => ({
      kind: 'aggregate',
      fn: pick(['sum', 'avg', 'min', 'max'] as const),
      property: positive(),
      event: event(),
      window: random() < 0.5 ? null : span(),
      op: pick(CMPS),
      value: pick(NUMBERS),
    }),
    () => ({ kind: 'since', unit: pick(UNITS), of: since(), op: pick(CMPS), value: pick(NUMBERS) }),
    () => {
      const op = pick(['eq', 'ne', 'in'] as const);
      const stages = op === 'in' ? [pick(NAMES), pick(STRINGS.filter(Boolean))] : [pick(NAMES)];
      return { kind: 'stage', op, stages };
    },
    () => ({ kind: 'inStage', unit: pick(UNITS), op: pick(CMPS), value: pick(NUMBERS) }),
    () => ({ kind: 'segment', segment: pick(NAMES) }),
    () => ({ kind: 'prediction', name: positive(), op: pick(CMPS), value: pick(NUMBERS) }),
  ];
  if (depth <= 1 || random() < 0.4) return pick(leaves)();
  const branch = random();
  if (branch < 0.25) return { kind: 'not', rule: randomRule(random, depth - 1) };
  const rules = Array.from({ length: 2 + Math.floor(random() * 3) }, () => randomRule(random, depth - 1));
  return { kind: branch < 0.6 ? 'and' : 'or', rules };
}
