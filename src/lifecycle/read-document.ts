import { LineCounter, parseDocument } from 'yaml';
import type { DocumentPath, ModelError } from './model-error.ts';

/** Where a value sits in the source text, when that is known. */
export type Locate = (path: DocumentPath) => { line: number; column: number } | undefined;

/** A document turned into plain values, or the syntax errors that stopped it. */
export type ReadResult = { ok: true; value: unknown; locate: Locate } | { ok: false; errors: ModelError[] };

const NOWHERE: Locate = () => undefined;

/**
 * Reads YAML or JSON text into plain values. YAML is the default because it accepts JSON too; asking
 * for `json` refuses YAML-only syntax. Values that are not text pass through untouched.
 */
export function readDocument(input: unknown, format?: 'yaml' | 'json'): ReadResult {
  if (typeof input !== 'string') return { ok: true, value: input, locate: NOWHERE };
  return format === 'json' ? readJson(input) : readYaml(input);
}

function readJson(text: string): ReadResult {
  try {
    return { ok: true, value: JSON.parse(text), locate: NOWHERE };
  } catch (err) {
    const message = (err as Error).message;
    // V8 names the line and column in its message; lift them out so that they read like YAML errors.
    const at = /\(line (\d+) column (\d+)\)/.exec(message);
    const error: ModelError = { path: '', message: `JSON syntax error: ${message}` };
    if (at) Object.assign(error, { line: Number(at[1]), column: Number(at[2]) });
    return { ok: false, errors: [error] };
  }
}

function readYaml(text: string): ReadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e): ModelError => {
      const pos = lineCounter.linePos(e.pos[0]);
      return { path: '', message: `YAML syntax error: ${e.message}`, line: pos.line, column: pos.col };
    });
    return { ok: false, errors };
  }
  const locate: Locate = (path) => {
    // A missing value (a forgotten `rule`) is reported where its nearest existing parent starts.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
  return { ok: true, value: doc.toJS(), locate };
}
