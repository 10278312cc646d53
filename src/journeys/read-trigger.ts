import type { DocumentPath, Problem } from '../lifecycle/index.ts';
import { parseIsoDate } from '../rules/index.ts';
import type { EntryPolicy, Goal, Trigger, TriggerKind } from './model.ts';
import {
  eventSpec,
  isObject,
  numberIn,
  objectWith,
  oneOf,
  rule,
  span,
  text,
  timeOfDay,
} from './read-fields.ts';

const TRIGGER_KEYS: Record<TriggerKind, [readonly string[], readonly string[]]> = {
  event: [['event'], []],
  stage: [['change', 'stage'], []],
  segment: [['change', 'segment'], []],
  trait: [['trait'], []],
  date: [['trait'], ['offsetDays', 'at', 'yearly']],
  broadcast: [['segment', 'at'], ['every']],
};
const TRIGGER_KINDS = Object.keys(TRIGGER_KEYS) as TriggerKind[];
const CHANGE = oneOf(['entered', 'exited'] as const);

/**
 * `{kind: event, event: '"Order Completed" [revenue > 0]'}`, `{kind: stage, change: entered, stage:
 * retention}`, `{kind: date, trait: birthday, offsetDays: 0, at: "09:00", yearly: true}`, ...
 */
export function readTrigger(value: unknown, path: DocumentPath, out: Problem[]): Trigger | undefined {
  const kind = isObject(value) ? oneOf(TRIGGER_KINDS)(value.kind, [...path, 'kind'], out) : undefined;
  if (!isObject(value)) out.push({ path, message: 'must be a trigger object with a kind' });
  if (kind === undefined) return undefined;
  const [required, optional] = TRIGGER_KEYS[kind];
  const v = objectWith(value, path, out, ['kind', ...required], optional);
  if (!v) return undefined;
  const before = out.length;
  const at = (key: string): DocumentPath => [...path, key];
  let trigger: Trigger | undefined;
  switch (kind) {
    case 'event': {
      const spec = eventSpec(v.event, at('event'), out);
      trigger = spec && { kind, event: spec.event, where: spec.where ?? [] };
      break;
    }
    case 'stage':
      trigger = {
        kind,
        change: CHANGE(v.change, at('change'), out)!,
        stage: text(v.stage, at('stage'), out)!,
      };
      break;
    case 'segment':
      trigger = {
        kind,
        change: CHANGE(v.change, at('change'), out)!,
        segment: text(v.segment, at('segment'), out)!,
      };
      break;
    case 'trait':
      trigger = { kind, trait: text(v.trait, at('trait'), out)! };
      break;
    case 'date':
      trigger = {
        kind,
        trait: text(v.trait, at('trait'), out)!,
        offsetDays: v.offsetDays === undefined ? 0 : integerDays(v.offsetDays, at('offsetDays'), out),
        at: v.at === undefined ? { hour: 9, minute: 0 } : timeOfDay(v.at, at('at'), out)!,
        yearly: v.yearly === undefined ? false : boolean(v.yearly, at('yearly'), out),
      };
      break;
    case 'broadcast': {
      const when = typeof v.at === 'string' ? parseIsoDate(v.at) : null;
      if (when === null)
        out.push({ path: at('at'), message: 'must be an ISO 8601 date-time such as "2027-01-15T09:00:00Z"' });
      const every = v.every === undefined || v.every === null ? null : span(v.every, at('every'), out);
      trigger = { kind, segment: text(v.segment, at('segment'), out)!, at: when ?? 0, every: every ?? null };
      break;
    }
  }
  return out.length === before ? trigger : undefined;
}

function integerDays(value: unknown, path: DocumentPath, out: Problem[]): number {
  const n = numberIn(-366, 366)(value, path, out);
  if (n !== undefined && !Number.isInteger(n)) out.push({ path, message: 'must be a whole number of days' });
  return n ?? 0;
}

function boolean(value: unknown, path: DocumentPath, out: Problem[]): boolean {
  if (typeof value === 'boolean') return value;
  out.push({ path, message: 'must be true or false' });
  return false;
}

/** `{mode: once}`, `{mode: one-at-a-time}` or `{mode: cooldown, cooldown: "30 days"}`; once by default. */
export function readEntry(value: unknown, path: DocumentPath, out: Problem[]): EntryPolicy | undefined {
  if (value === undefined) return { mode: 'once' };
  const mode = isObject(value)
    ? oneOf(['once', 'one-at-a-time', 'cooldown'] as const)(value.mode, [...path, 'mode'], out)
    : undefined;
  if (!isObject(value)) out.push({ path, message: 'must be an object with a mode' });
  if (mode === undefined) return undefined;
  if (mode !== 'cooldown') return objectWith(value, path, out, ['mode']) && { mode };
  const v = objectWith(value, path, out, ['mode', 'cooldown']);
  const cooldown = v && span(v.cooldown, [...path, 'cooldown'], out);
  return cooldown && { mode, cooldown };
}

/** `{event: "Order Completed", within: "7 days"}` or `{rule: "...", within: "30 days"}`. */
export function readGoal(value: unknown, path: DocumentPath, out: Problem[]): Goal | null | undefined {
  if (value === undefined || value === null) return null;
  const v = objectWith(value, path, out, ['within'], ['event', 'rule']);
  if (!v) return undefined;
  if ((v.event === undefined) === (v.rule === undefined)) {
    out.push({ path, message: 'a goal has either an event or a rule' });
    return undefined;
  }
  const within = span(v.within, [...path, 'within'], out);
  if (v.event !== undefined) {
    const event = eventSpec(v.event, [...path, 'event'], out);
    return event && within && { event, rule: null, within };
  }
  const r = rule(v.rule, [...path, 'rule'], out);
  return r && within && { event: null, rule: r, within };
}
