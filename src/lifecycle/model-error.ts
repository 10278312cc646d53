/** A path into a model document, such as `['stages', 2, 'rule']`. */
export type DocumentPath = readonly (string | number)[];

/**
 * One problem with a model document. `path` points at the offending value (`stages[2].rule`; empty
 * for the document as a whole); `line` and `column` (1-based) locate it in the YAML text when the
 * model was read from YAML text.
 */
export type ModelError = { path: string; message: string; line?: number; column?: number };

/**
 * Writes a path the way people read it in error messages: `stages[2].rule`.
 *
 * @example formatPath(['stages', 2, 'rule']) // 'stages[2].rule'
 */
export function formatPath(path: DocumentPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** One line per error, as a command line tool prints them: `stages[2].rule (line 14, column 11): ...`. */
export function formatModelError(error: ModelError): string {
  const where = error.line === undefined ? '' : ` (line ${error.line}, column ${error.column ?? 1})`;
  const path = error.path === '' ? 'document' : error.path;
  return `${path}${where}: ${error.message}`;
}
