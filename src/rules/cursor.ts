import { formatAlternatives, type RuleError } from './errors.ts';
import { describeToken, errorAt, type TextToken, type Token } from './lexer.ts';

/** Thrown inside the parser only; `parseRule` turns it back into an error value. */
export class SyntaxFailure extends Error {
  readonly error: RuleError;
  constructor(error: RuleError) {
    super(error.message);
    this.error = error;
  }
}

/**
 * A position in the token list that remembers what was looked for and not found at the current
 * token. When parsing then fails there, the message lists every alternative that would have been
 * accepted, including optional parts (a window, a count, `and`) that were passed over.
 */
export class Cursor {
  private readonly tokens: Token[];
  private index = 0;
  private tried: string[] = [];
  private triedAt = -1;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  get token(): Token {
    return this.tokens[this.index];
  }

  /** The token consumed last. */
  get previous(): Token {
    return this.tokens[Math.max(0, this.index - 1)];
  }

  /** Consumes the current token and returns it. */
  next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index++;
    return token;
  }

  /** Records that `expected` would have been accepted at the current token. */
  note(expected: string): void {
    if (this.triedAt !== this.index) {
      this.tried = [];
      this.triedAt = this.index;
    }
    if (!this.tried.includes(expected)) this.tried.push(expected);
  }

  /** True when the current token is one of the keywords (any case); notes them otherwise. */
  isWord(...keywords: string[]): boolean {
    const token = this.token;
    if (token.kind === 'word' && keywords.includes(token.value.toLowerCase())) return true;
    for (const keyword of keywords) this.note(`"${keyword}"`);
    return false;
  }

  /** Consumes the current token when it is one of the keywords. */
  acceptWord(...keywords: string[]): TextToken | undefined {
    return this.isWord(...keywords) ? (this.next() as TextToken) : undefined;
  }

  /** Consumes the current token when it is the punctuation `symbol`. */
  acceptPunct(symbol: string): TextToken | undefined {
    if (this.token.kind === 'punct' && this.token.value === symbol) return this.next() as TextToken;
    this.note(`"${symbol}"`);
    return undefined;
  }

  /** Consumes one of the keywords or fails. */
  expectWord(keywords: string | string[], context?: string): TextToken {
    const token = this.acceptWord(...(typeof keywords === 'string' ? [keywords] : keywords));
    return token ?? this.fail([], context);
  }

  /** Consumes the punctuation `symbol` or fails. */
  expectPunct(symbol: string, context?: string): TextToken {
    return this.acceptPunct(symbol) ?? this.fail([], context);
  }

  /**
   * Fails at the current token: expected the alternatives noted there and then `expected`;
   * `context` (`after "at least"`) places the expectation for the reader.
   */
  fail(expected: string[], context?: string): never {
    const all = this.triedAt === this.index ? [...this.tried] : [];
    for (const item of expected) if (!all.includes(item)) all.push(item);
    return this.failAt(this.token, all, context);
  }

  /** Fails at `token` (often one already consumed whose value is wrong), expected only `expected`. */
  failAt(token: Token, expected: string[], context?: string): never {
    const where = context ? ` ${context}` : '';
    const message = `expected ${formatAlternatives(expected)}${where}, found ${describeToken(token)}`;
    throw new SyntaxFailure(errorAt(token, message, expected));
  }

  /** Fails at `token` with a message of its own. */
  failWith(token: Token, message: string): never {
    throw new SyntaxFailure(errorAt(token, message));
  }
}
