import type { CountTest, EventSpec, Rule, Scalar, SinceRef, Span, TraitTest } from './ast.ts';
import { CMP_SYMBOLS, isPlainPath, singularUnit, type ValueTest } from './syntax.ts';

/**
 * The canonical text of a rule: keywords lowercase, strings JSON-quoted, numbers in JavaScript's
 * shortest form, defaults (`at least 1 time`, `ever`) left out and parentheses only where the tree
 * could not be read back without them. `parseRule(printRule(rule))` gives back an equal tree.
 */
export function printRule(rule: Rule): string {
  switch (rule.kind) {
    case 'or':
      // An `or` directly inside an `or` was written in parentheses; keeping them keeps the tree.
      return rule.rules
        .map((child) => (child.kind === 'or' ? `(${printRule(child)})` : printRule(child)))
        .join(' or ');
    case 'and':
      return rule.rules.map(printOperand).join(' and ');
    case 'not':
      return `not ${printOperand(rule.rule)}`;
    default:
      return printPredicate(rule);
  }
}

/** A rule in a place where only a unary may stand: `and`/`or` need parentheses there. */
function printOperand(rule: Rule): string {
  return rule.kind === 'and' || rule.kind === 'or' ? `(${printRule(rule)})` : printRule(rule);
}

function printPredicate(rule: Exclude<Rule, { kind: 'and' | 'or' | 'not' }>): string {
  switch (rule.kind) {
    case 'always':
      return 'always';
    case 'trait':
      return `trait ${printPath(rule.trait)} ${printTraitTest(rule.test)}`;
    case 'performed':
      return join('performed', printEvent(rule.event), printCount(rule.count), printWindow(rule.window));
    case 'aggregate':
      return join(
        `${rule.fn}(${printPath(rule.property)}) of`,
        printEvent(rule.event),
        printWindow(rule.window),
        CMP_SYMBOLS[rule.op],
        printNumber(rule.value),
      );
    case 'since':
      return join(rule.unit, 'since', printSinceRef(rule.of), CMP_SYMBOLS[rule.op], printNumber(rule.value));
    case 'inStage':
      return join(rule.unit, 'in stage', CMP_SYMBOLS[rule.op], printNumber(rule.value));
    case 'stage':
      return rule.op === 'in'
        ? `stage in [${rule.stages.map(printString).join(', ')}]`
        : `stage ${CMP_SYMBOLS[rule.op]} ${printString(rule.stages[0])}`;
    case 'segment':
      return `in segment ${printString(rule.segment)}`;
    case 'prediction':
      return join('prediction', printPath(rule.name), CMP_SYMBOLS[rule.op], printNumber(rule.value));
  }
}

function printTraitTest(test: TraitTest): string {
  switch (test.op) {
    case 'before':
    case 'after':
      return `${test.op} ${printString(test.date)}`;
    case 'withinLast':
      return `within last ${printSpan(test.span)}`;
    case 'withinNext':
      return `within next ${printSpan(test.span)}`;
    case 'moreThanAgo':
      return `more than ${printSpan(test.span)} ago`;
    case 'anniversaryWithin':
      return `anniversary within ${printSpan(test.span)}`;
    default:
      return printValueTest(test);
  }
}

function printValueTest(test: ValueTest): string {
  switch (test.op) {
    case 'in':
      return `in [${test.values.map(printScalar).join(', ')}]`;
    case 'contains':
      return `contains ${printString(test.value)}`;
    case 'exists':
      return 'exists';
    default:
      return `${CMP_SYMBOLS[test.op]} ${printScalar(test.value)}`;
  }
}

function printEvent(spec: EventSpec): string {
  const event = printString(spec.event);
  if (!spec.where || spec.where.length === 0) return event;
  const filters = spec.where.map(({ property, ...test }) => `${printPath(property)} ${printValueTest(test)}`);
  return `${event} [${filters.join(', ')}]`;
}

function printSinceRef(ref: SinceRef): string {
  switch (ref.kind) {
    case 'lastActivity':
      return 'last activity';
    case 'firstSeen':
      return 'first seen';
    default:
      return `${ref.kind} ${printEvent(ref.event)}`;
  }
}

function printCount(count: CountTest): string {
  if (count.op === 'atLeast' && count.n === 1) return '';
  const words = count.op === 'atLeast' ? 'at least' : count.op === 'atMost' ? 'at most' : 'exactly';
  return `${words} ${printNumber(count.n)} ${count.n === 1 ? 'time' : 'times'}`;
}

function printWindow(window: Span | null): string {
  return window ? `in last ${printSpan(window)}` : '';
}

function printSpan(span: Span): string {
  return `${printNumber(span.amount)} ${span.amount === 1 ? singularUnit(span.unit) : span.unit}`;
}

function printPath(path: string): string {
  return isPlainPath(path) ? path : printString(path);
}

function printScalar(value: Scalar): string {
  if (typeof value === 'string') return printString(value);
  if (typeof value === 'number') return printNumber(value);
  return String(value);
}

function printString(value: string): string {
  return JSON.stringify(value);
}

function printNumber(value: number): string {
  return String(value);
}

function join(...parts: string[]): string {
  return parts.filter((part) => part !== '').join(' ');
}
