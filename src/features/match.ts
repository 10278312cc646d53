import type { Json, JsonObject, MessageType } from '../core/index.ts';
import type { EventSpec, PropertyFilter, Scalar } from '../rules/index.ts';

/** The part of a stored event that feature matching reads. */
export type FeatureEvent = {
  type: MessageType;
  name: string | null;
  timestamp: number;
  /** The event's `properties` object, or undefined when it has none. */
  properties: JsonObject | undefined;
};

const TYPE_ALIASES: Record<string, MessageType> = {
  $page: 'page',
  $screen: 'screen',
  $identify: 'identify',
  $group: 'group',
  $alias: 'alias',
};

/** Reads a dot path (`product.category`); a literal key that contains the dots wins. */
export function readPath(object: JsonObject | undefined, path: string): Json | undefined {
  if (!object) return undefined;
  if (path in object) return object[path];
  let value: Json | undefined = object;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as JsonObject)[part];
  }
  return value;
}

function asNumber(value: Json | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function equals(actual: Json | undefined, expected: Scalar): boolean {
  if (actual === undefined) return false;
  if (typeof expected === 'number') return asNumber(actual) === expected;
  return actual === expected;
}

function compare(actual: Json | undefined, op: 'lt' | 'lte' | 'gt' | 'gte', expected: Scalar): boolean {
  const a = asNumber(actual);
  const b = typeof expected === 'number' ? expected : null;
  if (a === null || b === null) return false;
  if (op === 'lt') return a < b;
  if (op === 'lte') return a <= b;
  if (op === 'gt') return a > b;
  return a >= b;
}

/** Property filters use the same comparison rules as trait tests, so a rule reads the same either way. */
function matchesFilter(properties: JsonObject | undefined, filter: PropertyFilter): boolean {
  const value = readPath(properties, filter.property);
  switch (filter.op) {
    case 'exists':
      return value !== undefined && value !== null;
    case 'in':
      return filter.values.some((v) => equals(value, v));
    case 'contains':
      if (typeof value === 'string') return value.includes(filter.value);
      return Array.isArray(value) && value.includes(filter.value);
    case 'eq':
      return equals(value, filter.value);
    case 'ne':
      return !equals(value, filter.value);
    default:
      return compare(value, filter.op, filter.value);
  }
}

/** True when the spec's event (`$page`, `$any`, or a track event name) is this event. */
export function matchesEventName(spec: EventSpec, type: MessageType, name: string | null): boolean {
  if (spec.event === '$any') return true;
  const aliased = TYPE_ALIASES[spec.event];
  if (aliased) return type === aliased;
  return type === 'track' && name === spec.event;
}

/** True when the event is one the spec counts. */
export function matchesSpec(spec: EventSpec, event: FeatureEvent): boolean {
  if (!matchesEventName(spec, event.type, event.name)) return false;
  for (const filter of spec.where ?? []) if (!matchesFilter(event.properties, filter)) return false;
  return true;
}

/** The numeric value of a property on an event, or null when absent or not a finite number. */
export function numericProperty(event: FeatureEvent, property: string): number | null {
  return asNumber(readPath(event.properties, property));
}
