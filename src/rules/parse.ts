import type { Rule, SinceRef, TimeUnit } from './ast.ts';
import { Cursor, SyntaxFailure } from './cursor.ts';
import type { RuleResult } from './errors.ts';
import { errorAt, lex, positionOf, type TextToken, type Token } from './lexer.ts';
import {
  acceptCount,
  acceptWindow,
  expectCmp,
  expectEventSpec,
  expectName,
  expectNumber,
  expectPath,
} from './parse-terms.ts';
import { expectTraitTest } from './parse-trait.ts';
import { AGGREGATE_FNS, MAX_DEPTH, MAX_TEXT_LENGTH, unitFromWord } from './syntax.ts';

const TOO_DEEP = `the rule is nested too deeply (at most ${MAX_DEPTH} levels)`;

/**
 * Reads rule text into its canonical node tree. Bad input is returned as an error that points at
 * the offending token and says what was expected there and what was found.
 */
export function parseRule(text: string): RuleResult {
  if (typeof text !== 'string')
    return { ok: false, error: { message: 'expected the rule text as a string' } };
  if (text.length > MAX_TEXT_LENGTH) {
    const message = `the rule text is too long (${text.length} characters, at most ${MAX_TEXT_LENGTH})`;
    return { ok: false, error: errorAt(positionOf(text, MAX_TEXT_LENGTH), message) };
  }
  const lexed = lex(text);
  if (!lexed.ok) return lexed;
  const parser = new RuleParser(lexed.tokens);
  try {
    return { ok: true, rule: parser.parse() };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: error.error };
    throw error;
  }
}

class RuleParser {
  private readonly c: Cursor;
  // Where each node began, to point the depth error at the node that is one level too deep.
  private readonly starts = new Map<Rule, Token>();

  constructor(tokens: Token[]) {
    this.c = new Cursor(tokens);
  }

  parse(): Rule {
    const rule = this.or(0);
    if (this.c.token.kind !== 'end') this.c.fail(['the end of the rule']);
    this.checkDepth(rule, 1);
    return rule;
  }

  private or(depth: number): Rule {
    const start = this.c.token;
    const first = this.and(depth);
    if (!this.c.isWord('or')) return first;
    const rules = [first];
    while (this.c.acceptWord('or')) rules.push(this.and(depth));
    return this.mark({ kind: 'or', rules }, start);
  }

  private and(depth: number): Rule {
    const start = this.c.token;
    const first = this.unary(depth);
    if (!this.c.isWord('and')) return first;
    const rules = [first];
    while (this.c.acceptWord('and')) rules.push(this.unary(depth));
    return this.mark({ kind: 'and', rules }, start);
  }

  private unary(depth: number): Rule {
    const c = this.c;
    const start = c.token;
    // Parentheses and `not` are the only recursion; bounding them keeps the stack shallow.
    if (c.isWord('not') || (start.kind === 'punct' && start.value === '(')) {
      if (depth >= MAX_DEPTH) c.failWith(start, TOO_DEEP);
    }
    if (c.acceptWord('not')) return this.mark({ kind: 'not', rule: this.unary(depth + 1) }, start);
    if (c.acceptPunct('(')) {
      const inner = this.or(depth + 1);
      c.expectPunct(')', `to close the "(" at line ${start.line}, column ${start.column}`);
      return inner;
    }
    return this.mark(this.predicate(), start);
  }

  private predicate(): Rule {
    const c = this.c;
    if (c.acceptWord('always')) return { kind: 'always' };
    if (c.acceptWord('trait')) {
      const trait = expectPath(c, 'a trait name', 'after "trait"');
      return { kind: 'trait', trait, test: expectTraitTest(c, c.previous.text) };
    }
    const performed = c.acceptWord('performed');
    if (performed) {
      const event = expectEventSpec(c, `after "${performed.text}"`);
      const count = acceptCount(c) ?? { op: 'atLeast', n: 1 };
      return { kind: 'performed', event, count, window: acceptWindow(c) };
    }
    const fn = c.acceptWord(...AGGREGATE_FNS);
    if (fn) return this.aggregate(fn);
    const stage = c.acceptWord('stage');
    if (stage) return this.stage(stage);
    const inToken = c.acceptWord('in');
    if (inToken) {
      c.expectWord('segment', `after "${inToken.text}"`);
      return { kind: 'segment', segment: expectName(c, 'a segment key', 'after "in segment"') };
    }
    if (c.acceptWord('prediction')) {
      const name = expectPath(c, 'a prediction name', 'after "prediction"');
      const op = expectCmp(c);
      return { kind: 'prediction', name, op, value: expectNumber(c, `after "${c.previous.text}"`) };
    }
    const token = c.token;
    const unit = token.kind === 'word' ? unitFromWord(token.value) : undefined;
    if (unit) return this.elapsed(c.next(), unit);
    return c.fail(['a time unit such as "days"']);
  }

  private aggregate(fn: TextToken): Rule {
    const c = this.c;
    c.expectPunct('(', `after "${fn.text}"`);
    const property = expectPath(c, 'a property name');
    c.expectPunct(')');
    c.expectWord('of', `after "${fn.text}(…)"`);
    const event = expectEventSpec(c, `after "of"`);
    const window = acceptWindow(c);
    const op = expectCmp(c);
    const value = expectNumber(c, `after "${c.previous.text}"`);
    return {
      kind: 'aggregate',
      fn: fn.value.toLowerCase() as (typeof AGGREGATE_FNS)[number],
      property,
      event,
      window,
      op,
      value,
    };
  }

  private stage(stage: TextToken): Rule {
    const c = this.c;
    const eq = c.acceptPunct('=') ?? c.acceptPunct('!=');
    if (eq) {
      const key = expectName(c, 'a stage key', `after "${eq.text}"`);
      return { kind: 'stage', op: eq.text === '=' ? 'eq' : 'ne', stages: [key] };
    }
    if (!c.acceptWord('in')) return c.fail([], `after "${stage.text}"`);
    c.expectPunct('[', 'after "in"');
    const stages: string[] = [];
    do stages.push(expectName(c, 'a stage key'));
    while (c.acceptPunct(','));
    c.expectPunct(']');
    return { kind: 'stage', op: 'in', stages };
  }

  /** `days since …` and `days in stage …`. */
  private elapsed(unitToken: Token, unit: TimeUnit): Rule {
    const c = this.c;
    if (c.acceptWord('since')) {
      const of = this.sinceRef();
      const op = expectCmp(c);
      return { kind: 'since', unit, of, op, value: expectNumber(c, `after "${c.previous.text}"`) };
    }
    const inToken = c.acceptWord('in');
    if (!inToken) return c.fail([], `after "${unitToken.text}"`);
    c.expectWord('stage', `after "${inToken.text}"`);
    const op = expectCmp(c);
    return { kind: 'inStage', unit, op, value: expectNumber(c, `after "${c.previous.text}"`) };
  }

  private sinceRef(): SinceRef {
    const c = this.c;
    const last = c.acceptWord('last');
    if (last) {
      if (c.acceptWord('activity')) return { kind: 'lastActivity' };
      return { kind: 'last', event: expectEventSpec(c, `after "${last.text}"`) };
    }
    const first = c.acceptWord('first');
    if (!first) return c.fail([], 'after "since"');
    if (c.acceptWord('seen')) return { kind: 'firstSeen' };
    return { kind: 'first', event: expectEventSpec(c, `after "${first.text}"`) };
  }

  private mark(rule: Rule, start: Token): Rule {
    this.starts.set(rule, start);
    return rule;
  }

  private checkDepth(rule: Rule, depth: number): void {
    if (depth > MAX_DEPTH) this.c.failWith(this.starts.get(rule)!, TOO_DEEP);
    if (rule.kind === 'and' || rule.kind === 'or')
      for (const child of rule.rules) this.checkDepth(child, depth + 1);
    else if (rule.kind === 'not') this.checkDepth(rule.rule, depth + 1);
  }
}
