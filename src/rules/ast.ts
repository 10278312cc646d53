import { DAY, HOUR } from '../core/index.ts';
/**
 * The rule language's canonical form: a plain, serialisable node tree. The text form (`parse.ts`,
 * `print.ts`) and the JSON validator (`from-json.ts`) both produce exactly these shapes, and the
 * compiler (`compile.ts`) turns them into evaluators. Times are epoch milliseconds.
 */

export type Scalar = string | number | boolean | null;

/** Comparison operators; text `=`, `!=`, `<`, `<=`, `>`, `>=`. */
export type Cmp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

/** Units of a time span. A month is 30 days and a year 365 days: windows are spans, not calendar units. */
export type TimeUnit = 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'years';

/** A span of time such as "30 days"; `amount` is a positive finite number. */
export type Span = { amount: number; unit: TimeUnit };

/**
 * A filter on an event's properties. `property` is a dot path into the event's `properties`
 * (`revenue`, `product.category`).
 */
export type PropertyFilter =
  | { property: string; op: Cmp; value: Scalar }
  | { property: string; op: 'in'; values: Scalar[] }
  | { property: string; op: 'contains'; value: string }
  | { property: string; op: 'exists' };

/**
 * Which events count. `event` is a track event's name; `$page`, `$screen`, `$identify`, `$group` and
 * `$alias` stand for messages of those types and `$any` for any event.
 */
export type EventSpec = { event: string; where?: PropertyFilter[] };

export type TraitTest =
  /** `trait plan = "pro"`, `trait age >= 18` */
  | { op: Cmp; value: Scalar }
  /** `trait plan in ["pro", "team"]` */
  | { op: 'in'; values: Scalar[] }
  /** `trait tags contains "vip"`: a substring of a string trait or an element of an array trait. */
  | { op: 'contains'; value: string }
  /** `trait email exists`: present and not null. */
  | { op: 'exists' }
  /** `trait createdAt before "2025-01-01"`; `date` is an ISO 8601 date or date-time. */
  | { op: 'before' | 'after'; date: string }
  /** `trait createdAt within last 30 days`, `trait trialEndsAt within next 3 days` */
  | { op: 'withinLast' | 'withinNext'; span: Span }
  /** `trait createdAt more than 30 days ago` */
  | { op: 'moreThanAgo'; span: Span }
  /** `trait birthday anniversary within 7 days`: the date's next yearly recurrence is at most 7 days away. */
  | { op: 'anniversaryWithin'; span: Span };

export type CountTest = { op: 'atLeast' | 'atMost' | 'exactly'; n: number };

export type Rule =
  /** `always` */
  | { kind: 'always' }
  /** `a and b and c` */
  | { kind: 'and'; rules: Rule[] }
  /** `a or b` (`and` binds tighter than `or`) */
  | { kind: 'or'; rules: Rule[] }
  /** `not a` */
  | { kind: 'not'; rule: Rule }
  /** `trait <path> <test>`; a path with characters other than letters, digits, `_`, `$` and `.` is quoted. */
  | { kind: 'trait'; trait: string; test: TraitTest }
  /**
   * `performed "Order Completed" [revenue >= 100] at least 3 times in last 30 days`;
   * count defaults to at least 1 time, window to ever (null).
   */
  | { kind: 'performed'; event: EventSpec; count: CountTest; window: Span | null }
  /** `sum(revenue) of "Order Completed" in last 365 days >= 500`; avg, min and max too. */
  | {
      kind: 'aggregate';
      fn: 'sum' | 'avg' | 'min' | 'max';
      property: string;
      event: EventSpec;
      window: Span | null;
      op: Cmp;
      value: number;
    }
  /**
   * Time elapsed since a moment, in a unit, compared with a number (fractional: 36 hours is 1.5 days):
   * `days since last "Order Completed" > 90`, `days since first "Signed Up" <= 14`,
   * `days since last activity >= 30`, `weeks since first seen >= 2`.
   * When the moment does not exist (never performed), the rule is false.
   */
  | { kind: 'since'; unit: TimeUnit; of: SinceRef; op: Cmp; value: number }
  /** `stage = "retention"`, `stage != "churned"`, `stage in ["at_risk", "churned"]` (stage keys) */
  | { kind: 'stage'; op: 'eq' | 'ne' | 'in'; stages: string[] }
  /** `days in stage >= 30` (time since the customer entered their current stage) */
  | { kind: 'inStage'; unit: TimeUnit; op: Cmp; value: number }
  /** `in segment "vip"` (segment key) */
  | { kind: 'segment'; segment: string }
  /** `prediction p_alive < 0.3`, `prediction clv > 200`; false when the prediction is absent. */
  | { kind: 'prediction'; name: string; op: Cmp; value: number };

export type SinceRef =
  | { kind: 'first' | 'last'; event: EventSpec }
  | { kind: 'lastActivity' }
  | { kind: 'firstSeen' };

export type RuleKind = Rule['kind'];

const UNIT_MS: Record<TimeUnit, number> = {
  minutes: 60_000,
  hours: HOUR,
  days: DAY,
  weeks: 7 * DAY,
  months: 30 * DAY,
  years: 365 * DAY,
};

/** Milliseconds in one unit. */
export function unitMs(unit: TimeUnit): number {
  return UNIT_MS[unit];
}

/** Milliseconds in a span. */
export function spanMs(span: Span): number {
  return span.amount * UNIT_MS[span.unit];
}

export const TIME_UNITS = Object.keys(UNIT_MS) as TimeUnit[];
