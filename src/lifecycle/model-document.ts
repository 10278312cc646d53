import { stringify } from 'yaml';
import { printRule } from '../rules/index.ts';
import type { LifecycleModel } from './model.ts';
import { formatPath, type ModelError } from './model-error.ts';
import { readDocument } from './read-document.ts';
import { type Problem, validateModel } from './validate-model.ts';

/** The outcome of reading a model document: the model, or every problem found in it. */
export type ModelResult = { ok: true; model: LifecycleModel } | { ok: false; errors: ModelError[] };

/**
 * Reads a lifecycle model from YAML or JSON text, or from an already-parsed object. A stage's `rule`
 * is rule text or a rule node tree; the first lifecycle stage may leave it out (it then means
 * `always`). Every problem is reported, not only the first, each with the path of the value at fault.
 */
export function modelFromDocument(input: string | unknown, format?: 'yaml' | 'json'): ModelResult {
  const read = readDocument(input, format);
  if (!read.ok) return read;
  const problems: Problem[] = [];
  const model = validateModel(read.value, problems);
  if (problems.length === 0 && model) return { ok: true, model };
  const errors = problems.map(({ path, message }): ModelError => {
    const at = read.locate(path);
    const error: ModelError = { path: formatPath(path), message };
    return at ? { ...error, line: at.line, column: at.column } : error;
  });
  return { ok: false, errors };
}

/** Prints a model as YAML with its rules in text form; `modelFromDocument` reads it back unchanged. */
export function modelToDocument(model: LifecycleModel): string {
  const doc: Record<string, unknown> = { name: model.name };
  if (model.description !== undefined) doc.description = model.description;
  doc.stages = model.stages.map((s) => {
    const stage: Record<string, unknown> = { key: s.key, name: s.name, kind: s.kind };
    if (s.description !== undefined) stage.description = s.description;
    stage.rule = printRule(s.rule);
    return stage;
  });
  // No folding: a rule reads best on one line, and reviewers diff it line by line.
  return stringify(doc, { lineWidth: 0 });
}
