import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from 'typebox/value';
import { compileTouchpointRules } from './classify.ts';
import { DEFAULT_TOUCHPOINT_RULES } from './default-rules.ts';
import { TouchpointConfigSchema } from './schema.ts';
import { TouchpointConfigError, validateTouchpointConfig } from './validate.ts';

const paths = (config: unknown) => validateTouchpointConfig(config).map((issue) => issue.path);

test('the default rules are a valid configuration by both the validator and the schema', () => {
  assert.deepEqual(validateTouchpointConfig(DEFAULT_TOUCHPOINT_RULES), []);
  assert.equal(Value.Check(TouchpointConfigSchema, DEFAULT_TOUCHPOINT_RULES), true);
  assert.deepEqual(validateTouchpointConfig({}), []);
  assert.throws(() => (DEFAULT_TOUCHPOINT_RULES.channels as unknown[]).push({}), TypeError, 'frozen');
});

test('every problem is reported with the path of the offending value', () => {
  const config = {
    extra: 1,
    defaults: 'yes',
    channels: [
      { when: { utmSource: 'ok' }, channel: 'fine' },
      { when: { utmSource: [], type: ['track', 'bogus'], foo: 1 }, channel: 'Paid Search' },
      { when: { property: { name: 'a..b', equals: [1, {}], other: true }, channel: 'x' }, channel: 'x' },
    ],
    touchpoints: [
      { when: {} },
      3,
      { when: 'always', touchpoint: 'x' },
      { touchpoint: 'y', when: { path: [''] } },
    ],
  };
  assert.deepEqual(validateTouchpointConfig(config), [
    { path: 'extra', message: 'is not a known field (expected defaults, channels, touchpoints)' },
    { path: 'defaults', message: 'must be true or false' },
    {
      path: 'channels[1].when.foo',
      message:
        'is not a known field (expected type, event, path, utmSource, utmMedium, utmCampaign, referrerDomain, queryParam, property)',
    },
    { path: 'channels[1].when.utmSource', message: 'must be a glob pattern or a non-empty list of them' },
    {
      path: 'channels[1].when.type[1]',
      message: 'must be one of identify, track, page, screen, group, alias',
    },
    {
      path: 'channels[1].channel',
      message: 'must be a lowercase name of letters, digits, _ : . or - (at most 64 characters)',
    },
    {
      path: 'channels[2].when.channel',
      message:
        'is not a known field (expected type, event, path, utmSource, utmMedium, utmCampaign, referrerDomain, queryParam, property)',
    },
    { path: 'channels[2].when.property.other', message: 'is not a known field (expected name, equals)' },
    {
      path: 'channels[2].when.property.name',
      message: 'must be a dotted path such as plan or context.library.name',
    },
    { path: 'channels[2].when.property.equals[1]', message: 'must be a string, number, boolean or null' },
    { path: 'touchpoints[0].touchpoint', message: 'is required' },
    { path: 'touchpoints[1]', message: 'must be an object like { when, touchpoint }' },
    { path: 'touchpoints[2].when', message: 'must be an object of conditions ({} matches every event)' },
    { path: 'touchpoints[3].when.path[0]', message: 'must be a non-empty glob pattern' },
  ]);
  assert.equal(Value.Check(TouchpointConfigSchema, config), false, 'the schema agrees it is invalid');
});

test('shapes that are wrong as a whole are reported once at their own path', () => {
  assert.deepEqual(paths(null), ['']);
  assert.deepEqual(paths([]), ['']);
  assert.deepEqual(paths({ channels: {} }), ['channels']);
  assert.deepEqual(paths({ channels: [{ when: { type: 'tracks' } }] }), [
    'channels[0].when.type',
    'channels[0].channel',
  ]);
  assert.deepEqual(paths({ touchpoints: [{ when: { property: 'plan' }, touchpoint: 'x' }] }), [
    'touchpoints[0].when.property',
  ]);
  assert.deepEqual(paths({ touchpoints: [{ when: { property: {} }, touchpoint: 'x' }] }), [
    'touchpoints[0].when.property.name',
  ]);
  assert.deepEqual(paths({ channels: Array.from({ length: 1001 }, () => ({ when: {}, channel: 'x' })) }), [
    'channels',
  ]);
});

test('compileTouchpointRules refuses a bad configuration with a readable error', () => {
  const bad = { channels: [{ when: { utmMedium: 7 }, channel: 'paid' }] };
  assert.throws(
    () => compileTouchpointRules(bad as never),
    (error: unknown) => {
      assert.ok(error instanceof TouchpointConfigError);
      assert.deepEqual(error.issues, [
        { path: 'channels[0].when.utmMedium', message: 'must be a glob pattern or a non-empty list of them' },
      ]);
      assert.match(
        error.message,
        /^Invalid touchpoint configuration:\n {2}channels\[0\]\.when\.utmMedium: must be/,
      );
      return true;
    },
  );
});
