import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { loadTemplate, sendsOf, TEMPLATE_KEYS } from '../journeys/index.ts';
import { starterTemplate } from './starter-templates.ts';
import { checkTemplate } from './templates/index.ts';

const FILES = readdirSync(new URL('./starter-templates/', import.meta.url)).map((f) =>
  f.replace(/\.yaml$/, ''),
);

test('every starter template reads, checks (Liquid names, MJML) and is named after its file', async () => {
  assert.ok(FILES.length >= 26);
  for (const key of FILES) {
    const t = starterTemplate(key);
    assert.ok(t, key);
    assert.equal(t.key, key);
    const check = await checkTemplate(t.content);
    assert.ok(check.ok, `${key}: ${JSON.stringify(!check.ok && check.faults)}`);
    // Marketing mail links to the preferences page and the unsubscribe link; a service message need not.
    if (t.topic !== null && t.content.channel === 'email') {
      assert.match(t.content.body, /links\.unsubscribe/, key);
      assert.match(t.content.body, /links\.preferences/, key);
    }
  }
});

test('each ready-made journey finds a starter for every send, on its channel', () => {
  const used = new Set<string>();
  for (const key of TEMPLATE_KEYS) {
    const j = loadTemplate(key);
    for (const name of sendsOf(j).templates) {
      const t = starterTemplate(name);
      assert.ok(t, `journey ${key} sends ${name}, which has no starter template`);
      for (const n of j.nodes)
        if (n.kind === 'send' && n.template === name)
          assert.equal(n.channel, t.content.channel, `${key}/${n.id}`);
      used.add(name);
    }
  }
  assert.deepEqual(
    FILES.filter((f) => !used.has(f)),
    [],
    'no starter is left unused',
  );
});

test('an unknown or malformed key has no starter', () => {
  assert.equal(starterTemplate('no-such-template'), null);
  assert.equal(starterTemplate('../journeys/templates/welcome'), null);
});
