import type { DocumentPath, Problem } from '../lifecycle/index.ts';
import type { Scalar } from '../rules/index.ts';
import { type JourneyNode, type NodeKind, WEEKDAYS, type Weekday } from './model.ts';
import {
  eventSpec,
  isObject,
  NODE_ID,
  next,
  numberIn,
  objectWith,
  oneOf,
  type Reader,
  rule,
  span,
  text,
  timeOfDay,
} from './read-fields.ts';

/** The keys of each node kind beside `id` and `kind`: required, then optional (with defaults). */
const KEYS: Record<NodeKind, [readonly string[], readonly string[]]> = {
  wait: [['duration'], ['next']],
  'wait-until': [['at'], ['days', 'next']],
  'wait-for': [['timeout'], ['event', 'rule', 'next', 'timeoutNext']],
  branch: [['rule'], ['yes', 'no']],
  split: [['cases'], ['otherwise']],
  random: [['variants'], []],
  send: [
    ['channel', 'template'],
    ['topic', 'quietHours', 'onCap', 'sendTime', 'next'],
  ],
  'set-trait': [['trait', 'value'], ['next']],
  exit: [[], []],
};
export const NODE_KINDS = Object.keys(KEYS) as NodeKind[];

/** An optional edge: absent means the journey ends there, as `null` does. */
const edge = (v: unknown, path: DocumentPath, out: Problem[]) =>
  v === undefined ? null : next(v, path, out);

/** Reads one node; undefined (with problems recorded) when it is not a valid node. */
export function readNode(value: unknown, path: DocumentPath, out: Problem[]): JourneyNode | undefined {
  if (!isObject(value)) {
    out.push({ path, message: 'must be a node object with an id and a kind' });
    return undefined;
  }
  const before = out.length;
  const id = typeof value.id === 'string' && NODE_ID.test(value.id) ? value.id : undefined;
  if (id === undefined)
    out.push({ path: [...path, 'id'], message: 'must be a node id: a letter, then letters, digits, - or _' });
  const kind = oneOf(NODE_KINDS)(value.kind, [...path, 'kind'], out);
  if (kind === undefined) return undefined;
  const [required, optional] = KEYS[kind];
  const v = objectWith(value, path, out, ['id', 'kind', ...required], optional);
  if (!v || id === undefined) return undefined;
  const at = (key: string): DocumentPath => [...path, key];
  const node = build(kind, id, v, at, out);
  return out.length === before ? node : undefined;
}

function build(
  kind: NodeKind,
  id: string,
  v: Record<string, unknown>,
  at: (key: string) => DocumentPath,
  out: Problem[],
): JourneyNode | undefined {
  const read = <T>(reader: Reader<T>, key: string) => reader(v[key], at(key), out);
  const nextOf = (key: string) => edge(v[key], at(key), out) ?? null;
  switch (kind) {
    case 'wait':
      return { id, kind, duration: read(span, 'duration')!, next: nextOf('next') };
    case 'wait-until':
      return {
        id,
        kind,
        at: read(timeOfDay, 'at')!,
        days: readDays(v.days, at('days'), out),
        next: nextOf('next'),
      };
    case 'wait-for': {
      const event = v.event === undefined ? null : (read(eventSpec, 'event') ?? null);
      const waitRule = v.rule === undefined ? null : (read(rule, 'rule') ?? null);
      if (v.event === undefined && v.rule === undefined)
        out.push({ path: at('event'), message: 'a wait-for node needs an event, a rule, or both' });
      return {
        id,
        kind,
        event,
        rule: waitRule,
        timeout: read(span, 'timeout')!,
        next: nextOf('next'),
        timeoutNext: nextOf('timeoutNext'),
      };
    }
    case 'branch':
      return { id, kind, rule: read(rule, 'rule')!, yes: nextOf('yes'), no: nextOf('no') };
    case 'split':
      return { id, kind, cases: readCases(v.cases, at('cases'), out), otherwise: nextOf('otherwise') };
    case 'random':
      return { id, kind, variants: readVariants(v.variants, at('variants'), out) };
    case 'send':
      return {
        id,
        kind,
        channel: read(oneOf(['email', 'sms', 'webhook'] as const), 'channel')!,
        template: read(text, 'template')!,
        topic: v.topic === undefined || v.topic === null ? null : (read(text, 'topic') ?? null),
        quietHours:
          v.quietHours === undefined
            ? 'hold'
            : read(oneOf(['hold', 'skip', 'ignore'] as const), 'quietHours')!,
        onCap: v.onCap === undefined ? 'wait' : read(oneOf(['wait', 'skip'] as const), 'onCap')!,
        sendTime: v.sendTime === undefined ? 'now' : read(oneOf(['now', 'optimal'] as const), 'sendTime')!,
        next: nextOf('next'),
      };
    case 'set-trait':
      return {
        id,
        kind,
        trait: read(text, 'trait')!,
        value: readScalar(v.value, at('value'), out),
        next: nextOf('next'),
      };
    case 'exit':
      return { id, kind };
  }
}

function readDays(value: unknown, path: DocumentPath, out: Problem[]): Weekday[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length === 0) {
    out.push({ path, message: `must be a non-empty list of weekdays (${WEEKDAYS.join(', ')})` });
    return [];
  }
  const days = value.map((d, i) => oneOf(WEEKDAYS)(d, [...path, i], out));
  return [...new Set(days.filter((d): d is Weekday => d !== undefined))];
}

function readCases(value: unknown, path: DocumentPath, out: Problem[]) {
  if (!Array.isArray(value) || value.length === 0) {
    out.push({ path, message: 'must be a non-empty list of {rule, next}' });
    return [];
  }
  return value.flatMap((c, i) => {
    const p = [...path, i];
    const o = objectWith(c, p, out, ['rule'], ['next']);
    const r = o && rule(o.rule, [...p, 'rule'], out);
    return o && r ? [{ rule: r, next: edge(o.next, [...p, 'next'], out) ?? null }] : [];
  });
}

function readVariants(value: unknown, path: DocumentPath, out: Problem[]) {
  if (!Array.isArray(value) || value.length < 2) {
    out.push({ path, message: 'must be a list of at least two {key, weight, next}' });
    return [];
  }
  const variants = value.flatMap((c, i) => {
    const p = [...path, i];
    const o = objectWith(c, p, out, ['key', 'weight'], ['next']);
    if (!o) return [];
    const key = typeof o.key === 'string' && NODE_ID.test(o.key) ? o.key : undefined;
    if (key === undefined)
      out.push({
        path: [...p, 'key'],
        message: 'must be a variant key (a letter, then letters, digits, - or _)',
      });
    const weight = numberIn(0, 1_000_000)(o.weight, [...p, 'weight'], out);
    const to = edge(o.next, [...p, 'next'], out);
    return key !== undefined && weight !== undefined && to !== undefined ? [{ key, weight, next: to }] : [];
  });
  const keys = variants.map((x) => x.key);
  if (new Set(keys).size !== keys.length) out.push({ path, message: 'variant keys must differ' });
  if (variants.length === value.length && variants.every((x) => x.weight === 0))
    out.push({ path, message: 'at least one variant needs a weight above 0' });
  return variants;
}

function readScalar(value: unknown, path: DocumentPath, out: Problem[]): Scalar {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    if (typeof value !== 'number' || Number.isFinite(value)) return value as Scalar;
  }
  out.push({ path, message: 'must be text, a number, true, false or null' });
  return null;
}
