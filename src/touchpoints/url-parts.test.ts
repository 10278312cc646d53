import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasParam, hostEnd, hostStart, paramValue, pathOf, queryStart, sameHost } from './url-parts.ts';

const host = (url: string): string | undefined => {
  const start = hostStart(url);
  return start === -1 ? undefined : url.slice(start, hostEnd(url, start));
};

test('the host comes without scheme, www., port or path', () => {
  assert.equal(host('https://www.google.co.uk/search?q=x'), 'google.co.uk');
  assert.equal(host('http://WWW.Example.com:8080/a'), 'Example.com');
  assert.equal(host('//cdn.example.com/x'), 'cdn.example.com');
  assert.equal(host('https://t.co'), 't.co');
  assert.equal(host('android-app://com.google.android.gm/'), 'com.google.android.gm');
  assert.equal(host('https://www/'), 'www');
});

test('strings without a scheme have no host', () => {
  assert.equal(host('/relative/path'), undefined);
  assert.equal(host('example.com'), undefined);
  assert.equal(host('/redirect?to=https://evil.example'), undefined);
});

test('sameHost compares ranges ignoring case', () => {
  const a = 'https://Shop.Example.com/x';
  const b = 'http://www.shop.example.com';
  assert.equal(
    sameHost(a, hostStart(a), hostEnd(a, hostStart(a)), b, hostStart(b), hostEnd(b, hostStart(b))),
    true,
  );
  const c = 'https://blog.example.com/';
  assert.equal(
    sameHost(a, hostStart(a), hostEnd(a, hostStart(a)), c, hostStart(c), hostEnd(c, hostStart(c))),
    false,
  );
});

test('pathOf drops host, query and fragment', () => {
  assert.equal(pathOf('https://acme.io/blog/post?utm_source=x#top'), '/blog/post');
  assert.equal(pathOf('https://acme.io'), '/');
  assert.equal(pathOf('https://acme.io?x=1'), '/');
  assert.equal(pathOf('/pricing#plans'), '/pricing');
  assert.equal(pathOf('pricing'), undefined);
});

test('paramValue reads and decodes one query parameter', () => {
  const url = 'https://acme.io/?utm_source=news+letter&utm_medium=e%2Dmail&utm_campaign=spring#utm_term=x';
  const from = queryStart(url);
  assert.equal(paramValue(url, from, 'utm_source'), 'news letter');
  assert.equal(paramValue(url, from, 'utm_medium'), 'e-mail');
  assert.equal(paramValue(url, from, 'utm_campaign'), 'spring');
  assert.equal(paramValue(url, from, 'utm_term'), undefined, 'the fragment is not the query');
  assert.equal(paramValue('?utm_source=%E0%A4%A', 1, 'utm_source'), '%E0%A4%A', 'a bad escape is kept raw');
});

test('parameter names match whole names only, and empty values are absent', () => {
  const search = '?xutm_source=a&gclid=&utm_source=b';
  assert.equal(paramValue(search, 1, 'utm_source'), 'b');
  assert.equal(hasParam(search, 1, 'gclid'), false);
  assert.equal(hasParam('?a=1&gclid=Cj0', 1, 'gclid'), true);
  assert.equal(hasParam('?gclid', 1, 'gclid'), false);
});

test('queryStart finds the query but not one inside the fragment', () => {
  assert.equal(queryStart('https://a.io/x?y=1'), 15);
  assert.equal(queryStart('https://a.io/x#a?y=1'), -1);
  assert.equal(queryStart('https://a.io/x'), -1);
});
