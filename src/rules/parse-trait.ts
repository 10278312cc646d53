import type { TraitTest } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { isIsoDate } from './iso-date.ts';
import { acceptValueTest, expectSpan, expectString } from './parse-terms.ts';

/**
 * The test after `trait <path>`: a value test, a date bound or a span relative to now. `path` is
 * the trait as written, for the error message.
 */
export function expectTraitTest(c: Cursor, path: string): TraitTest {
  const basic = acceptValueTest(c);
  if (basic) return basic;
  const when = c.acceptWord('before', 'after');
  if (when) {
    const token = c.token;
    const date = expectString(c, `after "${when.text}"`);
    if (!isIsoDate(date))
      c.failAt(token, ['an ISO 8601 date or date-time such as "2025-01-31"'], `after "${when.text}"`);
    return { op: when.value.toLowerCase() === 'before' ? 'before' : 'after', date };
  }
  const within = c.acceptWord('within');
  if (within) {
    const which = c.expectWord(['last', 'next'], `after "${within.text}"`);
    const span = expectSpan(c, `after "${within.text} ${which.text}"`);
    return { op: which.value.toLowerCase() === 'last' ? 'withinLast' : 'withinNext', span };
  }
  const more = c.acceptWord('more');
  if (more) {
    c.expectWord('than', `after "${more.text}"`);
    const span = expectSpan(c, 'after "more than"');
    c.expectWord('ago');
    return { op: 'moreThanAgo', span };
  }
  const anniversary = c.acceptWord('anniversary');
  if (anniversary) {
    c.expectWord('within', `after "${anniversary.text}"`);
    return { op: 'anniversaryWithin', span: expectSpan(c, 'after "anniversary within"') };
  }
  return c.fail([], `after the trait ${path}`);
}
