import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyBounds } from './body-tags.ts';
import { decodeEntities } from './entities.ts';
import { type HtmlToken, tokenizeHtml } from './tokenize-html.ts';

const tags = (html: string) =>
  tokenizeHtml(html)
    .filter((t): t is Extract<HtmlToken, { kind: 'tag' }> => t.kind === 'tag')
    .map((t) => [
      `${t.closing ? '/' : ''}${t.name}${t.selfClosing ? '/' : ''}`,
      ...t.attributes.map((a) => `${a.name}=${a.value}`),
    ]);

test('tokens cover the input exactly, whatever it holds', () => {
  for (const html of [
    '<p class=x>a &amp; b</p>',
    '<a href="x>y">t</a><!-- <a href=z> --><br/>',
    'a < b and <3 <a',
    '<a href="unclosed>text',
    '<script>if (a<b) "<a href=x>"</script><p>',
    '',
  ]) {
    const tokens = tokenizeHtml(html);
    assert.equal(tokens.map((t) => html.slice(t.start, t.end)).join(''), html, html);
    for (let i = 1; i < tokens.length; i++) assert.equal(tokens[i]!.start, tokens[i - 1]!.end);
  }
});

test('attribute values in double, single and no quotes; > inside quotes; bare attributes; case', () => {
  assert.deepEqual(tags(`<A HREF='https://x/?a=1&amp;b=2' data-x="a > b" target=_blank hidden/>`), [
    ['a/', 'href=https://x/?a=1&amp;b=2', 'data-x=a > b', 'target=_blank', 'hidden=null'],
  ]);
  assert.deepEqual(tags('<a\n  href = "x"\n>t</a >'), [['a', 'href=x'], ['/a']]);
  assert.deepEqual(tags('<img src=a.png alt="">'), [['img', 'src=a.png', 'alt=']]);
});

test('comments, MSO conditionals, doctypes and raw text hold no tags', () => {
  assert.deepEqual(
    tags(
      '<!doctype html><!--[if mso]><a href="mso">x</a><![endif]--><style>a[href="y"]{}</style><script>"<a href=z>"</script><a href=k>',
    ),
    [['style'], ['/style'], ['script'], ['/script'], ['a', 'href=k']],
  );
  assert.deepEqual(tags('<p>href="x" is text, <3 and 1 < 2</p>'), [['p'], ['/p']]);
  assert.deepEqual(tags('<a href="never closed>oops'), []);
});

test('body bounds: after the body start tag and before its end; the whole of a fragment', () => {
  const doc = '<html><body class="a>b"><p>x</p></body></html>';
  const { start, end } = bodyBounds(doc);
  assert.equal(doc.slice(start, end), '<p>x</p>');
  assert.deepEqual(bodyBounds('<p>x</p>'), { start: 0, end: 8 });
  assert.deepEqual(bodyBounds('<!-- <body> --><p>x</p>'), { start: 0, end: 23 });
});

test('entities: numeric and the common named ones; others kept', () => {
  assert.equal(decodeEntities('a&amp;b&#38;c&#x26;d&quot;&lt;&copy;&#0;'), 'a&b&c&d"<&copy;&#0;');
});
