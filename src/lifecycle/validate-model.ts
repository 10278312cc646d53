import { parseRule, type Rule, type RuleError, ruleFromJson } from '../rules/index.ts';
import { type LifecycleModel, STAGE_KINDS, type StageDef, type StageKind } from './model.ts';
import type { DocumentPath } from './model-error.ts';
import { stageReferences } from './stage-references.ts';

/** A problem found in a model document, at a path still in parts so that it can be located in the text. */
export type Problem = { path: DocumentPath; message: string };

const MODEL_FIELDS = ['name', 'description', 'stages'];
const STAGE_FIELDS = ['key', 'name', 'kind', 'description', 'rule'];
const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuseUnknown(value: Record<string, unknown>, known: string[], path: DocumentPath, out: Problem[]) {
  for (const field of Object.keys(value)) {
    if (!known.includes(field)) {
      out.push({ path: [...path, field], message: `unknown field "${field}"; expected ${known.join(', ')}` });
    }
  }
}

function text(value: unknown, path: DocumentPath, out: Problem[], required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    out.push({ path, message: value === undefined ? 'is required' : 'must be a non-empty string' });
    return undefined;
  }
  return value;
}

/** Checks a document's plain values; every problem found goes to `out`. */
export function validateModel(value: unknown, out: Problem[]): LifecycleModel | undefined {
  if (!isObject(value)) {
    out.push({ path: [], message: 'a model document must be a mapping with name and stages' });
    return undefined;
  }
  refuseUnknown(value, MODEL_FIELDS, [], out);
  const name = text(value.name, ['name'], out, true);
  const description = text(value.description, ['description'], out, false);
  if (!Array.isArray(value.stages) || value.stages.length === 0) {
    out.push({ path: ['stages'], message: 'must be a non-empty list of stages' });
    return undefined;
  }
  const stages = validateStages(value.stages, out);
  if (name === undefined || stages === undefined) return undefined;
  return description === undefined ? { name, stages } : { name, description, stages };
}

function validateStages(items: unknown[], out: Problem[]): StageDef[] | undefined {
  const firstLifecycle = items.findIndex((s) => isObject(s) && s.kind === 'lifecycle');
  if (firstLifecycle < 0)
    out.push({ path: ['stages'], message: 'needs at least one stage of kind lifecycle' });
  const stages = items.map((item, i) => validateStage(item, ['stages', i], i === firstLifecycle, out));
  // Checks across stages look at the raw items, so that one stage's other faults do not hide them.
  const keys = new Map<string, number>();
  let reactivation = -1;
  items.forEach((item, i) => {
    if (!isObject(item)) return;
    if (typeof item.key === 'string' && KEY_PATTERN.test(item.key)) {
      const seen = keys.get(item.key);
      if (seen === undefined) keys.set(item.key, i);
      else
        out.push({
          path: ['stages', i, 'key'],
          message: `duplicate key "${item.key}" (also stages[${seen}])`,
        });
    }
    if (item.kind === 'reactivation' && reactivation >= 0) {
      const message = `a model has at most one reactivation stage (also stages[${reactivation}])`;
      out.push({ path: ['stages', i, 'kind'], message });
    } else if (item.kind === 'reactivation') reactivation = i;
  });
  checkReferences(stages, new Set(keys.keys()), out);
  return stages.every((s) => s !== undefined) ? (stages as StageDef[]) : undefined;
}

function validateStage(
  item: unknown,
  at: DocumentPath,
  ruleOptional: boolean,
  out: Problem[],
): StageDef | undefined {
  if (!isObject(item)) {
    out.push({ path: at, message: 'a stage must be a mapping with key, name, kind and rule' });
    return undefined;
  }
  refuseUnknown(item, STAGE_FIELDS, at, out);
  const key = text(item.key, [...at, 'key'], out, true);
  if (key !== undefined && !KEY_PATTERN.test(key)) {
    out.push({ path: [...at, 'key'], message: `"${key}" must match ${KEY_PATTERN.source}` });
  }
  const name = text(item.name, [...at, 'name'], out, true);
  const description = text(item.description, [...at, 'description'], out, false);
  const kind = item.kind as StageKind;
  if (!STAGE_KINDS.includes(kind)) {
    const found = item.kind === undefined ? 'is required' : `"${String(item.kind)}" is not a kind`;
    out.push({ path: [...at, 'kind'], message: `${found}; expected ${STAGE_KINDS.join(', ')}` });
  }
  const rule = stageRule(item.rule, [...at, 'rule'], ruleOptional, out);
  if (
    key === undefined ||
    !KEY_PATTERN.test(key) ||
    name === undefined ||
    !STAGE_KINDS.includes(kind) ||
    !rule
  ) {
    return undefined;
  }
  return description === undefined ? { key, name, kind, rule } : { key, name, kind, description, rule };
}

function stageRule(value: unknown, path: DocumentPath, optional: boolean, out: Problem[]): Rule | undefined {
  if (value === undefined) {
    if (optional) return { kind: 'always' };
    out.push({ path, message: 'is required (only the first lifecycle stage may leave it out)' });
    return undefined;
  }
  return ruleOf(value, path, out);
}

/**
 * Reads a rule given as rule text or as a node tree, for any document that holds rules (lifecycle
 * models, journeys); a fault is reported at `path`, or inside a node tree at the faulty value's path.
 */
export function ruleOf(value: unknown, path: DocumentPath, out: Problem[]): Rule | undefined {
  if (typeof value !== 'string' && !isObject(value)) {
    out.push({ path, message: 'must be rule text or a rule node object' });
    return undefined;
  }
  const result = typeof value === 'string' ? parseRule(value) : ruleFromJson(value);
  if (result.ok) return result.rule;
  out.push(ruleProblem(result.error, path, typeof value === 'string'));
  return undefined;
}

function ruleProblem(error: RuleError, path: DocumentPath, fromText: boolean): Problem {
  // A node tree's own path (`$.rules[1].op`) continues the stage's: stages[2].rule.rules[1].op
  if (!fromText) return { path: [...path, ...jsonPathParts(error.path ?? '$')], message: error.message };
  // The position is the rule text's, not the document's: say so, and say it once.
  let message = error.message.replace(/^line \d+, column \d+: /, '');
  if (error.line !== undefined)
    message = `rule text line ${error.line}, column ${error.column ?? 1}: ${message}`;
  if (error.expected?.length && !message.includes('expected')) {
    message += `; expected ${error.expected.join(', ')}`;
  }
  return { path, message };
}

function jsonPathParts(jsonPath: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const m of jsonPath.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g))
    parts.push(m[2] === undefined ? m[1] : Number(m[2]));
  return parts;
}

function checkReferences(stages: (StageDef | undefined)[], keys: Set<string>, out: Problem[]) {
  stages.forEach((stage, i) => {
    if (!stage) return;
    for (const ref of stageReferences(stage.rule)) {
      if (!keys.has(ref)) {
        const message = `refers to unknown stage "${ref}"; stages are ${[...keys].join(', ')}`;
        out.push({ path: ['stages', i, 'rule'], message });
      }
    }
  });
}
