import type { RuleError } from './errors.ts';

type TokenBase = { text: string; index: number; offset: number; line: number; column: number };

/** One token of rule text. `text` is the source slice; `value` the decoded string or number. */
export type Token =
  | (TokenBase & { kind: 'word' | 'punct' | 'end' | 'string'; value: string })
  | (TokenBase & { kind: 'number'; value: number });

/** A token whose value is text: a word, punctuation, a string or the end. */
export type TextToken = Extract<Token, { value: string }>;

/** The tokens of a text, or the first malformed one. */
export type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: RuleError };

type Position = { offset: number; line: number; column: number };

const WORD = /[A-Za-z_$][A-Za-z0-9_$.]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NUMBER_TAIL = /[A-Za-z0-9_$.]+/y;
const PUNCT = /!=|<=|>=|[()[\],=<>]/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})/y;

/** A text error at a position, its message prefixed with the line and column. */
export function errorAt(at: Position, message: string, expected?: string[]): RuleError {
  const error: RuleError = {
    message: `line ${at.line}, column ${at.column}: ${message}`,
    offset: at.offset,
    line: at.line,
    column: at.column,
  };
  if (expected) error.expected = expected;
  return error;
}

/** Line and column of an offset, counting lines by `\n`. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** How a token reads in an error message: `"and"`, `the number 12`, `the end of the rule`. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the rule';
    case 'number':
      return `the number ${token.text}`;
    case 'string':
      return `the string ${token.text.length > 40 ? `${token.text.slice(0, 37)}..."` : token.text}`;
    default:
      return `"${token.text}"`;
  }
}

/**
 * Splits rule text into tokens, the last one always `end`. Whitespace and `#` comments separate
 * tokens; strings are JSON strings, decoded here.
 */
export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const here = (): Position => ({ offset: i, line, column: i - lineStart + 1 });
  const fail = (message: string, at: Position = here()): LexResult => ({
    ok: false,
    error: errorAt(at, message),
  });

  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    const at = here();
    const push = (kind: 'word' | 'punct', length: number) => {
      const slice = text.slice(i, i + length);
      tokens.push({ kind, text: slice, value: slice, index: tokens.length, ...at });
      i += length;
    };
    const word = stickyMatch(WORD, text, i);
    if (word !== undefined) {
      push('word', word.length);
      continue;
    }
    const number = stickyMatch(NUMBER, text, i);
    if (number !== undefined) {
      const tail = stickyMatch(NUMBER_TAIL, text, i + number.length) ?? '';
      if (tail !== '') return fail(`expected a number, found "${number}${tail}"`);
      const value = Number(number);
      if (!Number.isFinite(value)) return fail(`the number ${number} is out of range`);
      // -0 would print as 0; reading it as 0 keeps parse and print exact inverses.
      tokens.push({
        kind: 'number',
        text: number,
        value: value === 0 ? 0 : value,
        index: tokens.length,
        ...at,
      });
      i += number.length;
      continue;
    }
    if (ch === '"') {
      const end = scanString(text, i);
      if (typeof end !== 'number') return fail(end.message, end.at === i ? at : positionOf(text, end.at));
      const slice = text.slice(i, end);
      tokens.push({ kind: 'string', text: slice, value: JSON.parse(slice), index: tokens.length, ...at });
      i = end;
      continue;
    }
    const punct = stickyMatch(PUNCT, text, i);
    if (punct !== undefined) {
      push('punct', punct.length);
      continue;
    }
    const found = String.fromCodePoint(text.codePointAt(i) ?? 0);
    const hint = ch === "'" ? '; strings are written in double quotes' : '';
    return fail(`unexpected character ${JSON.stringify(found)}${hint}`);
  }
  tokens.push({ kind: 'end', text: '', value: '', index: tokens.length, ...here() });
  return { ok: true, tokens };
}

/**
 * The offset just past a JSON string starting at `start`, or where and why it is malformed. A raw
 * line break ends the search: a string running past the end of its line almost always lacks its
 * closing quote.
 */
function scanString(text: string, start: number): number | { at: number; message: string } {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') return i + 1;
    if (ch === '\\') {
      const escaped = stickyMatch(ESCAPE, text, i);
      if (escaped === undefined) {
        const found = text.slice(i, i + 2);
        return {
          at: i,
          message: `invalid escape "${found}" in a string; expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX`,
        };
      }
      i += escaped.length;
      continue;
    }
    if (ch === '\n' || ch === '\r') break;
    if (ch < ' ')
      return { at: i, message: `control character ${JSON.stringify(ch)} in a string; write it as an escape` };
    i++;
  }
  return { at: start, message: 'unterminated string: expected a closing " on the same line' };
}

function stickyMatch(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}
