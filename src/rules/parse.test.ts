import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rule } from './ast.ts';
import type { RuleError } from './errors.ts';
import { parseRule } from './parse.ts';
import { makeRandom } from './random-rule.ts';

function parsed(text: string): Rule {
  const result = parseRule(text);
  if (!result.ok) assert.fail(`${text}: ${result.error.message}`);
  return result.rule;
}

function refused(text: string): RuleError {
  const result = parseRule(text);
  if (result.ok) assert.fail(`${text} should be refused, parsed as ${JSON.stringify(result.rule)}`);
  return result.error;
}

const ever = { op: 'atLeast', n: 1 } as const;

test('the examples of the language parse to their trees', () => {
  assert.deepEqual(parsed('always'), { kind: 'always' });
  assert.deepEqual(
    parsed(
      'performed "Order Completed" at least 2 times in last 365 days and sum(revenue) of "Order Completed" in last 365 days >= 500',
    ),
    {
      kind: 'and',
      rules: [
        {
          kind: 'performed',
          event: { event: 'Order Completed' },
          count: { op: 'atLeast', n: 2 },
          window: { amount: 365, unit: 'days' },
        },
        {
          kind: 'aggregate',
          fn: 'sum',
          property: 'revenue',
          event: { event: 'Order Completed' },
          window: { amount: 365, unit: 'days' },
          op: 'gte',
          value: 500,
        },
      ],
    },
  );
  assert.deepEqual(parsed('not performed "Signed Up"'), {
    kind: 'not',
    rule: { kind: 'performed', event: { event: 'Signed Up' }, count: ever, window: null },
  });
  assert.deepEqual(parsed('trait plan in ["pro", "team"] or trait "first name" exists'), {
    kind: 'or',
    rules: [
      { kind: 'trait', trait: 'plan', test: { op: 'in', values: ['pro', 'team'] } },
      { kind: 'trait', trait: 'first name', test: { op: 'exists' } },
    ],
  });
  assert.deepEqual(parsed('days since last activity >= 30 and stage in ["retention", "loyalty"]'), {
    kind: 'and',
    rules: [
      { kind: 'since', unit: 'days', of: { kind: 'lastActivity' }, op: 'gte', value: 30 },
      { kind: 'stage', op: 'in', stages: ['retention', 'loyalty'] },
    ],
  });
  assert.deepEqual(parsed('days since last "Order Completed" [total > 0] > 90'), {
    kind: 'since',
    unit: 'days',
    of: {
      kind: 'last',
      event: { event: 'Order Completed', where: [{ property: 'total', op: 'gt', value: 0 }] },
    },
    op: 'gt',
    value: 90,
  });
  assert.deepEqual(parsed('trait birthday anniversary within 7 days'), {
    kind: 'trait',
    trait: 'birthday',
    test: { op: 'anniversaryWithin', span: { amount: 7, unit: 'days' } },
  });
  assert.deepEqual(parsed('trait createdAt more than 30 days ago'), {
    kind: 'trait',
    trait: 'createdAt',
    test: { op: 'moreThanAgo', span: { amount: 30, unit: 'days' } },
  });
  assert.deepEqual(parsed('in segment "vip" and prediction p_alive < 0.3'), {
    kind: 'and',
    rules: [
      { kind: 'segment', segment: 'vip' },
      { kind: 'prediction', name: 'p_alive', op: 'lt', value: 0.3 },
    ],
  });
  assert.deepEqual(parsed('days in stage < 30'), { kind: 'inStage', unit: 'days', op: 'lt', value: 30 });
  assert.deepEqual(parsed('hours since first seen <= 1.5'), {
    kind: 'since',
    unit: 'hours',
    of: { kind: 'firstSeen' },
    op: 'lte',
    value: 1.5,
  });
  assert.deepEqual(parsed('performed "$page" [path contains "/pricing"] ever'), {
    kind: 'performed',
    event: { event: '$page', where: [{ property: 'path', op: 'contains', value: '/pricing' }] },
    count: ever,
    window: null,
  });
});

test('every trait test parses', () => {
  const cases: [string, unknown][] = [
    ['= "pro"', { op: 'eq', value: 'pro' }],
    ['!= null', { op: 'ne', value: null }],
    ['< -3', { op: 'lt', value: -3 }],
    ['<= 1.5e3', { op: 'lte', value: 1500 }],
    ['> true', { op: 'gt', value: true }],
    ['>= false', { op: 'gte', value: false }],
    ['in []', { op: 'in', values: [] }],
    ['in [1, "a", null, TRUE]', { op: 'in', values: [1, 'a', null, true] }],
    ['contains "vip"', { op: 'contains', value: 'vip' }],
    ['exists', { op: 'exists' }],
    ['before "2025-01-01"', { op: 'before', date: '2025-01-01' }],
    ['after "2025-01-01T09:30:00Z"', { op: 'after', date: '2025-01-01T09:30:00Z' }],
    ['within last 30 days', { op: 'withinLast', span: { amount: 30, unit: 'days' } }],
    ['within next 1 week', { op: 'withinNext', span: { amount: 1, unit: 'weeks' } }],
    ['more than 2.5 hours ago', { op: 'moreThanAgo', span: { amount: 2.5, unit: 'hours' } }],
    ['anniversary within 1 month', { op: 'anniversaryWithin', span: { amount: 1, unit: 'months' } }],
  ];
  for (const [text, test] of cases) {
    assert.deepEqual(parsed(`trait t ${text}`), { kind: 'trait', trait: 't', test }, text);
  }
});

test('keywords are case-insensitive while names keep their case', () => {
  assert.deepEqual(parsed('PERFORMED "Signup" [Plan = "Pro"] At Least 2 TIMES In Last 1 Day'), {
    kind: 'performed',
    event: { event: 'Signup', where: [{ property: 'Plan', op: 'eq', value: 'Pro' }] },
    count: { op: 'atLeast', n: 2 },
    window: { amount: 1, unit: 'days' },
  });
  assert.deepEqual(parsed('Trait CreatedAt Within Last 2 Years'), {
    kind: 'trait',
    trait: 'CreatedAt',
    test: { op: 'withinLast', span: { amount: 2, unit: 'years' } },
  });
  assert.deepEqual(parsed('MAX(Order.Total) OF "x" < 3'), {
    kind: 'aggregate',
    fn: 'max',
    property: 'Order.Total',
    event: { event: 'x' },
    window: null,
    op: 'lt',
    value: 3,
  });
});

test('and binds tighter than or; not applies to the next unary; parentheses group', () => {
  const a: Rule = { kind: 'segment', segment: 'a' };
  const b: Rule = { kind: 'segment', segment: 'b' };
  const c: Rule = { kind: 'segment', segment: 'c' };
  assert.deepEqual(parsed('in segment "a" or in segment "b" and in segment "c"'), {
    kind: 'or',
    rules: [a, { kind: 'and', rules: [b, c] }],
  });
  assert.deepEqual(parsed('not in segment "a" and in segment "b"'), {
    kind: 'and',
    rules: [{ kind: 'not', rule: a }, b],
  });
  assert.deepEqual(parsed('not (in segment "a" or in segment "b")'), {
    kind: 'not',
    rule: { kind: 'or', rules: [a, b] },
  });
  assert.deepEqual(parsed('(in segment "a" or in segment "b") and in segment "c"'), {
    kind: 'and',
    rules: [{ kind: 'or', rules: [a, b] }, c],
  });
  assert.deepEqual(parsed('in segment "a" and in segment "b" and in segment "c"'), {
    kind: 'and',
    rules: [a, b, c],
  });
  // Explicit grouping is kept, not flattened: the tree is what was written.
  assert.deepEqual(parsed('in segment "a" and (in segment "b" and in segment "c")'), {
    kind: 'and',
    rules: [a, { kind: 'and', rules: [b, c] }],
  });
  assert.deepEqual(parsed('((in segment "a"))'), a);
  assert.deepEqual(parsed('not not in segment "a"'), { kind: 'not', rule: { kind: 'not', rule: a } });
});

test('counts, windows and units take every spelling', () => {
  const performed = (text: string) => parsed(`performed "e" ${text}`) as Extract<Rule, { kind: 'performed' }>;
  assert.deepEqual(performed('').count, { op: 'atLeast', n: 1 });
  assert.equal(performed('').window, null);
  assert.equal(performed('ever').window, null);
  assert.deepEqual(performed('at most 0 times').count, { op: 'atMost', n: 0 });
  assert.deepEqual(performed('exactly 1 time').count, { op: 'exactly', n: 1 });
  assert.deepEqual(performed('exactly 3 time').count, { op: 'exactly', n: 3 });
  assert.deepEqual(performed('at least 1e2 times ever').count, { op: 'atLeast', n: 100 });
  for (const [word, unit] of [
    ['minute', 'minutes'],
    ['minutes', 'minutes'],
    ['hour', 'hours'],
    ['Hours', 'hours'],
    ['day', 'days'],
    ['weeks', 'weeks'],
    ['month', 'months'],
    ['YEARS', 'years'],
  ]) {
    assert.deepEqual(performed(`in last 2 ${word}`).window, { amount: 2, unit }, word);
    assert.equal((parsed(`${word} in stage > 1`) as { unit: string }).unit, unit, word);
  }
});

test('"in" means a window after an event, a segment at the start and a stage after a unit', () => {
  assert.deepEqual(parsed('performed "x" in last 3 days and in segment "s" and days in stage > 2'), {
    kind: 'and',
    rules: [
      { kind: 'performed', event: { event: 'x' }, count: ever, window: { amount: 3, unit: 'days' } },
      { kind: 'segment', segment: 's' },
      { kind: 'inStage', unit: 'days', op: 'gt', value: 2 },
    ],
  });
  assert.deepEqual(parsed('stage in ["a"] and stage = "b" and stage != "c"'), {
    kind: 'and',
    rules: [
      { kind: 'stage', op: 'in', stages: ['a'] },
      { kind: 'stage', op: 'eq', stages: ['b'] },
      { kind: 'stage', op: 'ne', stages: ['c'] },
    ],
  });
});

test('since takes first and last events with filters', () => {
  assert.deepEqual(parsed('weeks since first "Signed Up" [source in ["ads"], plan exists] <= 14'), {
    kind: 'since',
    unit: 'weeks',
    of: {
      kind: 'first',
      event: {
        event: 'Signed Up',
        where: [
          { property: 'source', op: 'in', values: ['ads'] },
          { property: 'plan', op: 'exists' },
        ],
      },
    },
    op: 'lte',
    value: 14,
  });
});

test('names may be quoted, dotted or keyword-like; strings decode JSON escapes', () => {
  assert.deepEqual(parsed('trait "and" exists'), { kind: 'trait', trait: 'and', test: { op: 'exists' } });
  assert.deepEqual(parsed('trait exists exists'), { kind: 'trait', trait: 'exists', test: { op: 'exists' } });
  assert.deepEqual(parsed('trait $a.b_c = "x\\"y\\\\z\\u00e9\\n"'), {
    kind: 'trait',
    trait: '$a.b_c',
    test: { op: 'eq', value: 'x"y\\zé\n' },
  });
  assert.deepEqual(parsed('prediction "churn risk" > 0.5'), {
    kind: 'prediction',
    name: 'churn risk',
    op: 'gt',
    value: 0.5,
  });
  assert.deepEqual(parsed('avg("order total") of "o" [in in [1]] > 1'), {
    kind: 'aggregate',
    fn: 'avg',
    property: 'order total',
    event: { event: 'o', where: [{ property: 'in', op: 'in', values: [1] }] },
    window: null,
    op: 'gt',
    value: 1,
  });
});

test('numbers read in every JSON form; -0 reads as 0', () => {
  const value = (text: string) => (parsed(`prediction p = ${text}`) as { value: number }).value;
  assert.equal(value('-12'), -12);
  assert.equal(value('0.5'), 0.5);
  assert.equal(value('1e+21'), 1e21);
  assert.equal(value('1.5E-7'), 1.5e-7);
  assert.ok(Object.is(value('-0'), 0));
});

test('comments and any whitespace separate tokens', () => {
  const text =
    '# VIP customers\n  trait plan = "pro" # paying\n\tand\r\n(days since last activity < 7)  # recently active\n';
  assert.deepEqual(parsed(text), {
    kind: 'and',
    rules: [
      { kind: 'trait', trait: 'plan', test: { op: 'eq', value: 'pro' } },
      { kind: 'since', unit: 'days', of: { kind: 'lastActivity' }, op: 'lt', value: 7 },
    ],
  });
  assert.deepEqual(parsed('trait x = "# not a comment"'), {
    kind: 'trait',
    trait: 'x',
    test: { op: 'eq', value: '# not a comment' },
  });
  assert.deepEqual(parsed('sum(r)of"e"[a>=1,b<2]>0'), parsed('sum ( r ) of "e" [ a >= 1 , b < 2 ] > 0'));
});

test('errors point at the offending token and say what was expected and found', () => {
  const cases: [text: string, line: number, column: number, message: string][] = [
    ['performed "Signed Up" at least x', 1, 32, 'expected a number after "at least", found "x"'],
    [
      'performed "x" at least 2.5 times',
      1,
      24,
      'expected a non-negative integer after "at least", found the number 2.5',
    ],
    [
      'performed "x" exactly -1 times',
      1,
      23,
      'expected a non-negative integer after "exactly", found the number -1',
    ],
    ['performed "x" at least 2', 1, 25, 'expected "times" or "time" after 2, found the end of the rule'],
    ['performed "x" at 2 times', 1, 18, 'expected "least" or "most" after "at", found the number 2'],
    [
      'performed "x" foo',
      1,
      15,
      'expected "[", "at", "exactly", "ever", "in", "and", "or" or the end of the rule, found "foo"',
    ],
    ['performed "x" in segment "y"', 1, 18, 'expected "last" after "in", found "segment"'],
    [
      'performed "x" in last 0 days',
      1,
      23,
      'expected a positive amount of time after "in last", found the number 0',
    ],
    [
      'performed "x" in last 3 fortnights',
      1,
      25,
      'expected a time unit (minutes, hours, days, weeks, months or years) after 3, found "fortnights"',
    ],
    [
      'performed "x" in last days',
      1,
      23,
      'expected an amount of time such as 30 days after "in last", found "days"',
    ],
    ['performed Signup', 1, 11, 'expected an event name in double quotes after "performed", found "Signup"'],
    ['performed ""', 1, 11, 'expected a non-empty event name after "performed", found the string ""'],
    [
      'performed "x" [a]',
      1,
      17,
      'expected a comparison (=, !=, <, <=, >, >=), "in", "contains" or "exists" after the property "a", found "]"',
    ],
    ['performed "x" []', 1, 16, 'expected a property name, found "]"'],
    ['performed "x" [a = 1', 1, 21, 'expected "," or "]", found the end of the rule'],
    [
      'performed "x" [a = b]',
      1,
      20,
      'expected a value (a string, a number, true, false or null) after "=", found "b"',
    ],
    [
      'performed "x" [a in [1,]]',
      1,
      24,
      'expected a value (a string, a number, true, false or null), found "]"',
    ],
    ['performed "x" [a contains 1]', 1, 27, 'expected a string after "contains", found the number 1'],
    [
      'trait x',
      1,
      8,
      'expected a comparison (=, !=, <, <=, >, >=), "in", "contains", "exists", "before", "after", "within", "more" or "anniversary" after the trait x, found the end of the rule',
    ],
    ['trait = 1', 1, 7, 'expected a trait name after "trait", found "="'],
    ['trait "" exists', 1, 7, 'expected a non-empty trait name after "trait", found the string ""'],
    ['trait x in "a"', 1, 12, 'expected "[" after "in", found the string "a"'],
    [
      'trait x before "2025-02-30"',
      1,
      16,
      'expected an ISO 8601 date or date-time such as "2025-01-31" after "before", found the string "2025-02-30"',
    ],
    ['trait x after 2025', 1, 15, 'expected a string after "after", found the number 2025'],
    ['trait x within 3 days', 1, 16, 'expected "last" or "next" after "within", found the number 3'],
    ['trait x more 3 days ago', 1, 14, 'expected "than" after "more", found the number 3'],
    ['trait x more than 3 days', 1, 25, 'expected "ago", found the end of the rule'],
    ['trait x anniversary in 3 days', 1, 21, 'expected "within" after "anniversary", found "in"'],
    ['sum revenue of "x" > 1', 1, 5, 'expected "(" after "sum", found "revenue"'],
    ['sum(revenue of "x" > 1', 1, 13, 'expected ")", found "of"'],
    ['avg(r) "x" > 1', 1, 8, 'expected "of" after "avg(…)", found the string "x"'],
    [
      'min(r) of "x" in last 1 day',
      1,
      28,
      'expected a comparison (=, !=, <, <=, >, >=), found the end of the rule',
    ],
    ['max(r) of "x" > "1"', 1, 17, 'expected a number after ">", found the string "1"'],
    ['days', 1, 5, 'expected "since" or "in" after "days", found the end of the rule'],
    ['days since 3 > 1', 1, 12, 'expected "last" or "first" after "since", found the number 3'],
    [
      'days since last > 1',
      1,
      17,
      'expected "activity" or an event name in double quotes after "last", found ">"',
    ],
    [
      'days since first activity > 1',
      1,
      18,
      'expected "seen" or an event name in double quotes after "first", found "activity"',
    ],
    ['days in segment > 1', 1, 9, 'expected "stage" after "in", found "segment"'],
    ['days in stage 30', 1, 15, 'expected a comparison (=, !=, <, <=, >, >=), found the number 30'],
    ['stage < "x"', 1, 7, 'expected "=", "!=" or "in" after "stage", found "<"'],
    ['stage in []', 1, 11, 'expected a stage key in double quotes, found "]"'],
    ['stage = ""', 1, 9, 'expected a non-empty stage key after "=", found the string ""'],
    ['in stage "x"', 1, 4, 'expected "segment" after "in", found "stage"'],
    ['in segment vip', 1, 12, 'expected a segment key in double quotes after "in segment", found "vip"'],
    ['prediction > 1', 1, 12, 'expected a prediction name after "prediction", found ">"'],
    ['prediction p', 1, 13, 'expected a comparison (=, !=, <, <=, >, >=), found the end of the rule'],
    ['always always', 1, 8, 'expected "and", "or" or the end of the rule, found "always"'],
    [
      'always and',
      1,
      11,
      'expected "not", "(", "always", "trait", "performed", "sum", "avg", "min", "max", "stage", "in", "prediction" or a time unit such as "days", found the end of the rule',
    ],
    ['always )', 1, 8, 'expected "and", "or" or the end of the rule, found ")"'],
    [
      '(always',
      1,
      8,
      'expected "and", "or" or ")" to close the "(" at line 1, column 1, found the end of the rule',
    ],
    [
      'nothing',
      1,
      1,
      'expected "not", "(", "always", "trait", "performed", "sum", "avg", "min", "max", "stage", "in", "prediction" or a time unit such as "days", found "nothing"',
    ],
    [
      '',
      1,
      1,
      'expected "not", "(", "always", "trait", "performed", "sum", "avg", "min", "max", "stage", "in", "prediction" or a time unit such as "days", found the end of the rule',
    ],
    [
      'always\n  and\n    trait x == 1',
      3,
      14,
      'expected a value (a string, a number, true, false or null) after "=", found "="',
    ],
    [
      '# only a comment\n',
      2,
      1,
      'expected "not", "(", "always", "trait", "performed", "sum", "avg", "min", "max", "stage", "in", "prediction" or a time unit such as "days", found the end of the rule',
    ],
  ];
  for (const [text, line, column, message] of cases) {
    const error = refused(text);
    assert.equal(error.message, `line ${line}, column ${column}: ${message}`, text);
    assert.deepEqual([error.line, error.column], [line, column], text);
    const lines = text.split('\n');
    assert.equal(
      error.offset,
      lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0) + column - 1,
      text,
    );
    assert.ok(error.expected && error.expected.length > 0, text);
  }
});

test('the expected list names every alternative, including optional parts passed over', () => {
  assert.deepEqual(
    refused('performed "x" [a = 1] in last 2 days foo').expected,
    ['and', 'or', 'the end of the rule'].map(quoteKeyword),
  );
  assert.deepEqual(refused('(performed "x" foo)').expected, [
    '"["',
    '"at"',
    '"exactly"',
    '"ever"',
    '"in"',
    '"and"',
    '"or"',
    '")"',
  ]);
  assert.deepEqual(refused('performed "x" at least x').expected, ['a number']);
});

function quoteKeyword(word: string): string {
  return word.startsWith('the ') ? word : `"${word}"`;
}

test('malformed tokens are reported where they start', () => {
  const cases: [text: string, line: number, column: number, message: string][] = [
    ["trait x = 'a'", 1, 11, `unexpected character "'"; strings are written in double quotes`],
    ['trait x = 1 & trait y exists', 1, 13, 'unexpected character "&"'],
    ['trait x = 1 🙂', 1, 13, 'unexpected character "🙂"'],
    ['trait x = "abc', 1, 11, 'unterminated string: expected a closing " on the same line'],
    ['trait x = "ab\nc"', 1, 11, 'unterminated string: expected a closing " on the same line'],
    [
      'trait x = "a\\qb"',
      1,
      13,
      'invalid escape "\\q" in a string; expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX',
    ],
    [
      'trait x = "\\u12"',
      1,
      12,
      'invalid escape "\\u" in a string; expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX',
    ],
    ['trait x = "a\tb"', 1, 13, 'control character "\\t" in a string; write it as an escape'],
    ['trait x = 30days', 1, 11, 'expected a number, found "30days"'],
    ['trait x = 1.', 1, 11, 'expected a number, found "1."'],
    ['trait x = 1e', 1, 11, 'expected a number, found "1e"'],
    ['trait x = 1e999', 1, 11, 'the number 1e999 is out of range'],
    ['trait x = - 1', 1, 11, 'unexpected character "-"'],
    [
      'always\nand trait "x\\z" exists',
      2,
      13,
      'invalid escape "\\z" in a string; expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX',
    ],
  ];
  for (const [text, line, column, message] of cases) {
    const error = refused(text);
    assert.equal(error.message, `line ${line}, column ${column}: ${message}`, text);
    assert.deepEqual([error.line, error.column], [line, column], text);
  }
});

test('nesting deeper than 64 levels is refused at the first token too deep', () => {
  const nots = (n: number) => `${'not '.repeat(n)}always`;
  assert.equal(parseRule(nots(63)).ok, true);
  // 64 nots and the leaf make 65 levels: the leaf is one too deep.
  const leaf = refused(nots(64));
  assert.equal(leaf.message, 'line 1, column 257: the rule is nested too deeply (at most 64 levels)');
  assert.equal(leaf.offset, 256);
  const not = refused(nots(65));
  assert.equal(not.column, 257);
  assert.match(not.message, /nested too deeply/);
  // Redundant parentheses count towards the limit too, so recursion stays bounded.
  const parens = refused(`${'('.repeat(65)}always${')'.repeat(65)}`);
  assert.equal(parens.column, 65);
  assert.match(refused(`${'('.repeat(100_00)}`).message, /column 65: the rule is nested too deeply/);
  // and/or nesting through parentheses counts tree levels: 64 wraps make 65.
  let deep = 'always';
  for (let i = 0; i < 64; i++) deep = `always ${i % 2 ? 'and' : 'or'} (${deep})`;
  const tooDeep = refused(deep);
  assert.equal(tooDeep.offset, deep.indexOf(')') - 'always or (always'.length);
  assert.match(tooDeep.message, /the rule is nested too deeply/);
  let fine = 'always';
  for (let i = 0; i < 63; i++) fine = `always ${i % 2 ? 'and' : 'or'} (${fine})`;
  assert.equal(parseRule(fine).ok, true);
});

test('text longer than 20,000 characters is refused before lexing', () => {
  const long = `always${' or always'.repeat(1999)}`;
  assert.ok(long.length <= 20_000);
  assert.equal(parseRule(long).ok, true);
  const error = refused(`${long}${' '.repeat(20_001 - long.length)}`);
  assert.equal(
    error.message,
    'line 1, column 20001: the rule text is too long (20001 characters, at most 20000)',
  );
  assert.equal(error.offset, 20_000);
});

test('arbitrary input never throws', () => {
  const random = makeRandom(7);
  const pieces = [
    'not',
    'and',
    'or',
    '(',
    ')',
    '[',
    ']',
    ',',
    '=',
    '!=',
    '<',
    '>=',
    'performed',
    'trait',
    'sum',
    'of',
    'in',
    'last',
    'days',
    'since',
    'stage',
    'segment',
    'at',
    'least',
    'times',
    'ever',
    '"e"',
    '3',
    '-1',
    '0',
    'x',
    '#',
    '\n',
    '"',
    '\\',
  ];
  for (let i = 0; i < 3000; i++) {
    const length = 1 + Math.floor(random() * 12);
    const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join(
      random() < 0.5 ? ' ' : '',
    );
    const result = parseRule(text);
    if (!result.ok) {
      assert.match(result.error.message, /^line \d+, column \d+: /, text);
      assert.ok(result.error.offset! >= 0 && result.error.offset! <= text.length, text);
    }
  }
  assert.equal(parseRule(42 as unknown as string).ok, false);
});
