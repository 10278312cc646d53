import type { Json } from '../core/index.ts';
import { DAY } from '../core/index.ts';
import { spanMs, type TraitTest, unitMs } from './ast.ts';
import {
  anniversaryHolds,
  dayOf,
  nextAnniversary,
  nextAnniversaryChange,
  parseDate,
  parseIsoDate,
} from './dates.ts';
import { amountText, round2, spanText, valueText } from './describe.ts';
import type { TraitCheck } from './leaf.ts';
import { firstFlip } from './timing.ts';

/** The trait tests that read the trait as a moment. */
export type DateTest = Extract<
  TraitTest,
  { op: 'before' | 'after' | 'withinLast' | 'withinNext' | 'moreThanAgo' | 'anniversaryWithin' }
>;

const DATE_OPS = new Set(['before', 'after', 'withinLast', 'withinNext', 'moreThanAgo', 'anniversaryWithin']);

/** Whether a trait test reads the trait as a date. */
export function isDateTest(test: TraitTest): test is DateTest {
  return DATE_OPS.has(test.op);
}

/**
 * Compiles a date test. The rule's own dates and spans are worked out here, once; an unparseable
 * absolute date in the rule makes the test fail for everyone rather than throw on the hot path.
 */
export function dateCheck(test: DateTest): TraitCheck {
  // Customers often share a value (or one customer is evaluated many times): skip the regex then.
  let cachedText: string | undefined;
  let cachedMs: number | null = null;
  const read = (v: Json | undefined): number | null => {
    if (typeof v !== 'string') return parseDate(v);
    if (v !== cachedText) {
      cachedText = v;
      cachedMs = parseDate(v);
    }
    return cachedMs;
  };
  const when = timing(test);
  return {
    needs: needsText(test),
    holds(v, now) {
      const d = read(v);
      return d !== null && when.holds(d, now);
    },
    next(v, now) {
      const d = read(v);
      return d === null ? null : when.next(d, now);
    },
    show(v, now) {
      const d = read(v);
      if (d === null) return v === undefined || v === null ? valueText(v) : `${valueText(v)}, not a date`;
      return `${new Date(d).toISOString()}${when.relative(d, now)}`;
    },
    shortBy: () => undefined,
  };
}

type Timing = {
  holds(d: number, now: number): boolean;
  next(d: number, now: number): number | null;
  relative(d: number, now: number): string;
};

function timing(test: DateTest): Timing {
  if (!('span' in test)) {
    const at = parseIsoDate(test.date);
    const before = test.op === 'before';
    return {
      holds: (d) => at !== null && (before ? d < at : d > at),
      next: () => null,
      relative: () => '',
    };
  }
  const span = spanMs(test.span);
  const unit = test.span.unit;
  const relative = (d: number, now: number) => {
    const elapsed = round2((now - d) / unitMs(unit));
    return elapsed >= 0 ? `, ${amountText(elapsed, unit)} ago` : `, in ${amountText(-elapsed, unit)}`;
  };
  switch (test.op) {
    case 'withinLast': {
      const holds = (d: number, now: number) => now - span <= d && d <= now;
      return { holds, relative, next: (d, now) => firstFlip((t) => holds(d, t), now, [d, d + span]) };
    }
    case 'withinNext': {
      const holds = (d: number, now: number) => now <= d && d <= now + span;
      return { holds, relative, next: (d, now) => firstFlip((t) => holds(d, t), now, [d - span, d]) };
    }
    case 'moreThanAgo': {
      const holds = (d: number, now: number) => d < now - span;
      return { holds, relative, next: (d, now) => firstFlip((t) => holds(d, t), now, [d + span]) };
    }
    default: {
      // Only whole days count: the recurrence and today are both midnights.
      const days = Math.floor(span / DAY);
      return {
        holds: (d, now) => anniversaryHolds(dayOf(d), dayOf(now), days),
        next: (d, now) => nextAnniversaryChange(dayOf(d), now, days),
        relative(d, now) {
          const away = nextAnniversary(dayOf(d), dayOf(now)) - dayOf(now);
          return away === 0 ? ', anniversary today' : `, next anniversary in ${amountText(away, 'days')}`;
        },
      };
    }
  }
}

function needsText(test: DateTest): string {
  switch (test.op) {
    case 'before':
    case 'after':
      return `${test.op} ${JSON.stringify(test.date)}`;
    case 'withinLast':
      return `within last ${spanText(test.span)}`;
    case 'withinNext':
      return `within next ${spanText(test.span)}`;
    case 'moreThanAgo':
      return `more than ${spanText(test.span)} ago`;
    case 'anniversaryWithin':
      return `anniversary within ${spanText(test.span)}`;
  }
}
