import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileGlob } from './glob.ts';

test('a pattern without * matches the whole value only, ignoring case', () => {
  const match = compileGlob('google');
  assert.equal(match('google'), true);
  assert.equal(match('Google'), true);
  assert.equal(match('google.com'), false);
  assert.equal(match('notgoogle'), false);
});

test('* matches any run of characters, slashes and dots included', () => {
  const match = compileGlob('/blog/*');
  assert.equal(match('/blog/2024/launch'), true);
  assert.equal(match('/blog/'), true);
  assert.equal(match('/blogger'), false);
  assert.equal(compileGlob('*cp*')('cpc'), true);
  assert.equal(compileGlob('*cp*')('ppc'), false);
});

test('regex characters are literal and ? is not a wildcard', () => {
  assert.equal(compileGlob('(direct)')('(direct)'), true);
  assert.equal(compileGlob('(direct)')('direct'), false);
  assert.equal(compileGlob('bing.com')('bingxcom'), false);
  assert.equal(compileGlob('/a?b')('/a?b'), true);
  assert.equal(compileGlob('/a?b')('/ab'), false);
});

test('a list matches when any pattern does', () => {
  const match = compileGlob(['email', 'e-mail', 'news*']);
  assert.equal(match('E-Mail'), true);
  assert.equal(match('newsletter'), true);
  assert.equal(match('mail'), false);
});

test('trailingSlash lets a literal path match with one trailing slash', () => {
  const match = compileGlob(['/pricing', '/cart/'], { trailingSlash: true });
  assert.equal(match('/pricing'), true);
  assert.equal(match('/pricing/'), true);
  assert.equal(match('/pricing//'), false);
  assert.equal(match('/cart/'), true);
  assert.equal(compileGlob('/pricing')('/pricing/'), false);
});

test('a lone * matches any non-empty value', () => {
  assert.equal(compileGlob('*')('x'), true);
  assert.equal(compileGlob('*')(''), false);
});
