import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import {
  CONDITIONS,
  MAX_RULES,
  NameSchema,
  PROPERTY_FIELDS,
  TOUCHPOINT_CONDITIONS,
  type TouchpointConfig,
  TouchpointConfigSchema,
} from './schema.ts';

/** One problem in a touchpoint configuration, e.g. `{ path: 'channels[2].when.utmSource', ... }`. */
export type TouchpointConfigIssue = { path: string; message: string };

/** Thrown by compileTouchpointRules for a configuration that does not validate. */
export class TouchpointConfigError extends Error {
  override name = 'TouchpointConfigError';
  readonly issues: readonly TouchpointConfigIssue[];

  constructor(issues: readonly TouchpointConfigIssue[]) {
    const lines = issues.map((issue) => `  ${issue.path || '(config)'}: ${issue.message}`);
    super(`Invalid touchpoint configuration:\n${lines.join('\n')}`);
    this.issues = issues;
  }
}

type Fields = Record<string, TSchema>;
/** The parts of a JSON schema this file reads. */
type Leaf = TSchema & { description?: string; anyOf?: Leaf[]; type?: string; items?: Leaf };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Not a type guard: a failed check must not narrow `value` to never.
const isValid = (schema: TSchema, value: unknown): boolean => Value.Check(schema, value);

const expected = (schema: Leaf): string => `must be ${schema.description ?? 'valid'}`;

/**
 * Checks one value against a leaf schema. TypeBox buffers only a handful of errors, and a union reports
 * every branch that failed, so its own error list is long and cut short; a list is instead checked item by
 * item and the schema's description says what was expected.
 */
function checkLeaf(schema: Leaf, value: unknown, path: string, issues: TouchpointConfigIssue[]): void {
  if (isValid(schema, value)) return;
  const list = schema.anyOf?.find((branch) => branch.type === 'array');
  if (list?.items && Array.isArray(value) && value.length > 0) {
    const item = list.items;
    const before = issues.length;
    value.forEach((element, i) => {
      if (!isValid(item, element)) issues.push({ path: `${path}[${i}]`, message: expected(item) });
    });
    if (issues.length > before) return;
  }
  issues.push({ path, message: expected(schema) });
}

function checkKeys(
  value: Record<string, unknown>,
  allowed: Fields,
  path: string,
  issues: TouchpointConfigIssue[],
) {
  for (const key of Object.keys(value)) {
    if (!(key in allowed)) {
      issues.push({
        path: `${path}.${key}`,
        message: `is not a known field (expected ${Object.keys(allowed).join(', ')})`,
      });
    }
  }
}

function checkWhen(when: unknown, fields: Fields, path: string, issues: TouchpointConfigIssue[]): void {
  if (!isObject(when)) {
    issues.push({ path, message: 'must be an object of conditions ({} matches every event)' });
    return;
  }
  checkKeys(when, fields, path, issues);
  for (const [key, value] of Object.entries(when)) {
    if (!(key in fields)) continue;
    if (key !== 'property') {
      checkLeaf(fields[key], value, `${path}.${key}`, issues);
    } else if (!isObject(value)) {
      issues.push({ path: `${path}.property`, message: 'must be an object like { name, equals }' });
    } else {
      checkKeys(value, PROPERTY_FIELDS, `${path}.property`, issues);
      if (value.name === undefined) issues.push({ path: `${path}.property.name`, message: 'is required' });
      else checkLeaf(PROPERTY_FIELDS.name, value.name, `${path}.property.name`, issues);
      if (value.equals !== undefined) {
        checkLeaf(PROPERTY_FIELDS.equals, value.equals, `${path}.property.equals`, issues);
      }
    }
  }
}

function checkRules(rules: unknown, kind: 'channel' | 'touchpoint', issues: TouchpointConfigIssue[]): void {
  const path = `${kind}s`;
  if (rules === undefined) return;
  if (!Array.isArray(rules)) {
    issues.push({ path, message: `must be a list of { when, ${kind} } rules` });
    return;
  }
  if (rules.length > MAX_RULES) issues.push({ path, message: `must hold at most ${MAX_RULES} rules` });
  const fields = kind === 'channel' ? CONDITIONS : TOUCHPOINT_CONDITIONS;
  rules.forEach((rule, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(rule)) {
      issues.push({ path: at, message: `must be an object like { when, ${kind} }` });
      return;
    }
    checkKeys(rule, { when: NameSchema, [kind]: NameSchema }, at, issues);
    if (rule.when === undefined) issues.push({ path: `${at}.when`, message: 'is required' });
    else checkWhen(rule.when, fields, `${at}.when`, issues);
    if (rule[kind] === undefined) issues.push({ path: `${at}.${kind}`, message: 'is required' });
    else checkLeaf(NameSchema, rule[kind], `${at}.${kind}`, issues);
  });
}

/**
 * Every problem in a touchpoint configuration, each with the path of the offending value; empty when it
 * is valid. Accepts anything, since configuration usually comes from a YAML or JSON file.
 * @example validateTouchpointConfig({ channels: [{ when: { utmSource: [] }, channel: 'x' }] })
 * // [{ path: 'channels[0].when.utmSource', message: 'must be a glob pattern or a non-empty list of them' }]
 */
export function validateTouchpointConfig(config: unknown): TouchpointConfigIssue[] {
  const issues: TouchpointConfigIssue[] = [];
  if (!isObject(config)) return [{ path: '', message: 'must be an object like { channels, touchpoints }' }];
  for (const key of Object.keys(config)) {
    if (key !== 'defaults' && key !== 'channels' && key !== 'touchpoints') {
      issues.push({ path: key, message: 'is not a known field (expected defaults, channels, touchpoints)' });
    }
  }
  if (config.defaults !== undefined && typeof config.defaults !== 'boolean') {
    issues.push({ path: 'defaults', message: 'must be true or false' });
  }
  checkRules(config.channels, 'channel', issues);
  checkRules(config.touchpoints, 'touchpoint', issues);
  // The walk above mirrors TouchpointConfigSchema; should they ever drift, the schema still has the last word.
  if (issues.length === 0 && !Value.Check(TouchpointConfigSchema, config)) {
    for (const error of Value.Errors(TouchpointConfigSchema, config)) {
      issues.push({ path: error.instancePath.slice(1).replaceAll('/', '.'), message: error.message });
    }
  }
  return issues;
}

/** Narrows a valid configuration, or throws TouchpointConfigError listing every problem. */
export function assertTouchpointConfig(config: unknown): asserts config is TouchpointConfig {
  const issues = validateTouchpointConfig(config);
  if (issues.length > 0) throw new TouchpointConfigError(issues);
}
