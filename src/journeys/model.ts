import type { EventSpec, PropertyFilter, Rule, Scalar, Span } from '../rules/index.ts';

/**
 * A journey in its canonical form: plain, serialisable values (the YAML form reads into exactly these).
 * Rules are the rule language's node trees; durations are spans of the rule language ("2 days").
 */

/** What enrols a customer. */
export type Trigger =
  /** They performed an event (with property filters in the rule language's `[...]` form). */
  | { kind: 'event'; event: string; where: PropertyFilter[] }
  /** They entered or left a lifecycle stage (stage key). */
  | { kind: 'stage'; change: 'entered' | 'exited'; stage: string }
  /** They entered or left a segment (segment key). */
  | { kind: 'segment'; change: 'entered' | 'exited'; segment: string }
  /** A trait of theirs took a new value (an identify that changed it). */
  | { kind: 'trait'; trait: string }
  /**
   * A date trait (birthday, trial end) comes round: `offsetDays` before (negative) or after it, at
   * `at` o'clock in their time zone; `yearly` for anniversaries, else once.
   */
  | { kind: 'date'; trait: string; offsetDays: number; at: TimeOfDay; yearly: boolean }
  /** A broadcast to a segment's members at `at` (epoch ms), again every `every` when set. */
  | { kind: 'broadcast'; segment: string; at: number; every: Span | null };

export type TriggerKind = Trigger['kind'];

/** `HH:MM` on a 24-hour clock. */
export type TimeOfDay = { hour: number; minute: number };

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * Who may enter again: `once` ever; `one-at-a-time` (again once the last entry ended); `cooldown`
 * (again once the last entry ended and `cooldown` passed since it began).
 */
export type EntryPolicy = { mode: 'once' } | { mode: 'one-at-a-time' } | { mode: 'cooldown'; cooldown: Span };

/** What counts as a conversion: an event performed, or a rule coming to hold, within `within` of entry. */
export type Goal = { event: EventSpec; rule: null; within: Span } | { event: null; rule: Rule; within: Span };

export type Channel = 'email' | 'sms' | 'webhook';

/** How a send node behaves; every field has a default in the document form. */
export type SendOptions = {
  channel: Channel;
  /** The message template's key. */
  template: string;
  /** The subscription topic (marketing), or null for a transactional message. */
  topic: string | null;
  quietHours: 'hold' | 'skip' | 'ignore';
  onCap: 'wait' | 'skip';
  sendTime: 'now' | 'optimal';
};

/** A node's outgoing edge: the id of the next node, or null where the journey ends. */
export type Next = string | null;

export type JourneyNode =
  | { id: string; kind: 'wait'; duration: Span; next: Next }
  /** Until the next `at` o'clock in the customer's time zone, on one of `days` (every day when empty). */
  | { id: string; kind: 'wait-until'; at: TimeOfDay; days: Weekday[]; next: Next }
  /** Until they perform `event` or `rule` holds, at most `timeout`; then `timeoutNext`. */
  | {
      id: string;
      kind: 'wait-for';
      event: EventSpec | null;
      rule: Rule | null;
      timeout: Span;
      next: Next;
      timeoutNext: Next;
    }
  | { id: string; kind: 'branch'; rule: Rule; yes: Next; no: Next }
  /** The first case whose rule holds, else `otherwise`. */
  | { id: string; kind: 'split'; cases: { rule: Rule; next: Next }[]; otherwise: Next }
  /** A weighted random draw, fixed per entry: A/B/n tests. */
  | { id: string; kind: 'random'; variants: { key: string; weight: number; next: Next }[] }
  | ({ id: string; kind: 'send'; next: Next } & SendOptions)
  | { id: string; kind: 'set-trait'; trait: string; value: Scalar; next: Next }
  | { id: string; kind: 'exit' };

export type NodeKind = JourneyNode['kind'];

/** A journey definition: one version of it, as published or drafted. */
export type JourneyDefinition = {
  /** Unique in the workspace, kebab-case: `welcome`, `abandoned-cart`. */
  key: string;
  name: string;
  description: string;
  trigger: Trigger;
  entry: EntryPolicy;
  /** Leave the journey as soon as this holds, checked at every step. */
  exit: Rule | null;
  goal: Goal | null;
  /** The share of entrants (0 to 0.5) who get nothing, to measure what the journey changed. */
  holdout: number;
  /** The first node. */
  start: string;
  nodes: JourneyNode[];
};
