import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyLink } from './link-token.ts';
import { trackEmail } from './track-links.ts';

const SECRET = Buffer.alloc(32, 1);
const OPTIONS = {
  publicUrl: 'https://ll.test/',
  secret: SECRET,
  workspaceId: 5,
  messageId: 'm9',
  untracked: ['https://ll.test/u/unsub-token', 'https://prefs.test/p?x=1&y=2'],
};

/** The targets of the click links in tracked HTML, in order, and what is left of it with them replaced. */
function clicks(html: string): { targets: string[]; rest: string } {
  const targets: string[] = [];
  const rest = html.replace(/https:\/\/ll\.test\/m\/c\/([A-Za-z0-9_.-]+)/g, (_, token: string) => {
    const claims = verifyLink(SECRET, token, 'click');
    assert.ok(claims, 'a click token verifies');
    assert.equal(claims.messageId, 'm9');
    targets.push(claims.url);
    return 'CLICK';
  });
  return { targets, rest };
}

test('http(s) links in a and area go through the click route, whatever the quoting; the target is signed', () => {
  const html = `<html><body>
<a href="https://shop.test/a?x=1&amp;y=2">A</a>
<a class=x href='http://shop.test/b'>B</a>
<a HREF=https://shop.test/c>C</a>
<area shape="rect" href = "https://shop.test/d">
<a title="href=https://not.a.link" href="https://shop.test/e" href="https://shop.test/second">E</a>
</body></html>`;
  const { targets, rest } = clicks(trackEmail(html, OPTIONS));
  assert.deepEqual(targets, [
    'https://shop.test/a?x=1&y=2',
    'http://shop.test/b',
    'https://shop.test/c',
    'https://shop.test/d',
    'https://shop.test/e',
  ]);
  assert.match(rest, /<a href="CLICK">A<\/a>\n<a class=x href='CLICK'>B<\/a>\n<a HREF=CLICK>C<\/a>/);
  assert.match(
    rest,
    /<a title="href=https:\/\/not\.a\.link" href="CLICK" href="https:\/\/shop\.test\/second">/,
  );
});

test('other schemes, anchors, our own links, the untracked ones and notrack links stay; text and comments too', () => {
  const html = `<body>
<a href="mailto:help@shop.test">m</a><a href="tel:+4930123">t</a><a href="#top">top</a><a href="/relative">r</a>
<a href="https://ll.test/u/unsub-token">unsubscribe</a><a href="https://prefs.test/p?x=1&amp;y=2">prefs</a>
<a href="https://ll.test/m/w/view">view online</a>
<a data-loopline-notrack href="https://shop.test/private">p</a>
<p>Write href="https://shop.test/x" in text, or <a href="https://shop.test/x"></p>
<!-- <a href="https://shop.test/commented"> --><script>var s = '<a href="https://shop.test/js">';</script>
<a href="https://shop.test/tracked">t</a>
</body>`;
  const tracked = trackEmail(html, OPTIONS);
  const { targets, rest } = clicks(tracked);
  assert.deepEqual(targets, ['https://shop.test/x', 'https://shop.test/tracked']);
  const untouched = html
    .replace(/<a href="https:\/\/shop\.test\/x"><\/p>/, '')
    .replace(/<a href="https:\/\/shop\.test\/tracked">t<\/a>\n/, '');
  for (const line of untouched.split('\n').slice(1, -1)) assert.ok(tracked.includes(line), line);
  assert.ok(rest.includes('<a href="CLICK"></p>'));
});

test('the open pixel goes just before </body>, or at the end of a fragment', () => {
  const tracked = trackEmail('<html><body><p>x</p></body></html>', OPTIONS);
  const pixel =
    /<img src="https:\/\/ll\.test\/m\/o\/([A-Za-z0-9_.-]+)" width="1" height="1" alt="" [^>]*><\/body><\/html>$/.exec(
      tracked,
    );
  assert.ok(pixel, tracked);
  assert.deepEqual(verifyLink(SECRET, pixel[1]!, 'open'), { kind: 'open', workspaceId: 5, messageId: 'm9' });
  assert.match(
    trackEmail('<p>fragment</p>', OPTIONS),
    /^<p>fragment<\/p><img src="https:\/\/ll\.test\/m\/o\//,
  );
  assert.throws(() => trackEmail('<p>x</p>', { ...OPTIONS, publicUrl: 'll.test' }), /not an http\(s\) URL/);
});
