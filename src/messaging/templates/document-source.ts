import { isNode, LineCounter, parseDocument } from 'yaml';

/** A problem with a template document: at a path (`body`, or '' for the whole), with its place in the text. */
export type DocumentFault = { path: string; message: string; line?: number; column?: number };

/** Parsed document values, and where a top-level key's value begins in the text. */
export type DocumentSource =
  | { ok: true; value: unknown; at: (key: string) => { line: number; column: number } | undefined }
  | { ok: false; faults: DocumentFault[] };

/**
 * Reads template document text as YAML (which accepts JSON too) or strictly as JSON; values already
 * parsed pass through with no positions. Duplicate keys are refused: the second `body` would
 * otherwise win without a word.
 */
export function readSource(input: unknown, format: 'yaml' | 'json' = 'yaml'): DocumentSource {
  if (typeof input !== 'string') return { ok: true, value: input, at: () => undefined };
  if (format === 'json') {
    try {
      return { ok: true, value: JSON.parse(input), at: () => undefined };
    } catch (error) {
      return { ok: false, faults: [{ path: '', message: `not JSON: ${(error as Error).message}` }] };
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(input, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      faults: doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { path: '', message: `not YAML: ${e.message}`, line, column: col };
      }),
    };
  }
  const at = (key: string) => {
    const node = doc.get(key, true) ?? doc.contents;
    if (!isNode(node) || !node.range) return undefined;
    const { line, col } = lines.linePos(node.range[0]);
    return { line, column: col };
  };
  return { ok: true, value: doc.toJS(), at };
}
