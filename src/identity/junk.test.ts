import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJunkIdentifier, normalizeEmail } from './junk.ts';

test('placeholders are junk whatever their case and surrounding spaces', () => {
  for (const value of [
    '',
    '  ',
    'null',
    ' NULL ',
    'Undefined',
    'nil',
    'None',
    'NaN',
    'anonymous',
    '0',
    '-1',
  ]) {
    assert.equal(isJunkIdentifier(value), true, JSON.stringify(value));
  }
  for (const value of ['[object Object]', 'true', 'n/a', '00000000-0000-0000-0000-000000000000']) {
    assert.equal(isJunkIdentifier(value), true, value);
  }
});

test('real identifiers that merely contain a placeholder are not junk', () => {
  for (const value of ['00', '10', 'user-0', 'null-island', 'anonymous-42', 'u1', 'a1b2c3']) {
    assert.equal(isJunkIdentifier(value), false, value);
  }
});

test('normalizeEmail trims and lower-cases an address', () => {
  assert.equal(normalizeEmail('  Ann.Lee+tag@Example.COM '), 'ann.lee+tag@example.com');
});

test('normalizeEmail refuses what is not an address', () => {
  for (const value of [
    undefined,
    null,
    42,
    {},
    '',
    'ann',
    'ann@',
    '@example.com',
    'ann@example',
    'a b@c.de',
  ]) {
    assert.equal(normalizeEmail(value), null, JSON.stringify(value));
  }
});

test('normalizeEmail accepts up to 254 characters', () => {
  const domain = '@example.com';
  assert.equal(normalizeEmail('a'.repeat(254 - domain.length) + domain)?.length, 254);
  assert.equal(normalizeEmail('a'.repeat(255 - domain.length) + domain), null);
});
