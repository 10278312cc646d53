import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { journeyFromDocument } from '../journeys/index.ts';
import { tempCli } from './test-cli.ts';

const FILE = `key: nudge
name: Nudge
trigger: { kind: event, event: Signed Up }
start: pause
nodes:
  - { id: pause, kind: wait, duration: 1 day, next: mark }
  - { id: mark, kind: set-trait, trait: nudged, value: true, next: null }
`;

test('loopline journeys: apply a file (create, then a new version), dry run, list, export, and a refusal in words', (t) => {
  const { dir, cli } = tempCli(t, 'journeys');
  assert.equal(cli('workspaces', 'create', 'shop').status, 0);
  const file = path.join(dir, 'nudge.yaml');
  writeFileSync(file, FILE);

  const templates = cli('journeys', 'templates');
  assert.equal(templates.stdout.trim().split('\n').length, 13);
  assert.match(templates.stdout, /^abandoned-cart\s+performs Product Added/m);

  const dry = cli('journeys', 'apply', file, '--dry-run', '--workspace', 'shop');
  assert.equal(
    dry.stdout,
    'journey "nudge" is valid (2 nodes, performs Signed Up); apply would create it and publish it\n',
  );
  assert.match(
    cli('journeys', 'apply', file, '--workspace', 'shop').stdout,
    /^journey "nudge" \(id \d+\): version 1 published\n$/,
  );
  assert.match(cli('journeys', 'apply', file, '--workspace', 'shop').stdout, /version 2 published/);
  const badMove = cli('journeys', 'apply', file, '--move', 'pause', '--workspace', 'shop');
  assert.equal(badMove.status, 2);
  assert.match(badMove.stderr, /--move pause: expected <old node>=<new node>/);
  const wrongNode = cli('journeys', 'apply', file, '--move', 'mark=pause', '--workspace', 'shop');
  assert.match(wrongNode.stderr, /moves\.mark: "mark" is a set-trait node, and only waits hold customers/);
  assert.match(
    cli('journeys', 'apply', file, '--move', 'pause=pause', '--workspace', 'shop').stdout,
    /version 3 published/,
  );
  const list = cli('journeys', 'list', '--workspace', 'shop').stdout.trim().split('\n');
  assert.deepEqual(
    list.slice(1).map((l) => l.split('\t').slice(1)),
    [['nudge', 'live', '3', 'Nudge']],
  );

  const exported = cli('journeys', 'export', 'nudge', '--workspace', 'shop');
  const read = journeyFromDocument(exported.stdout);
  assert.ok(read.ok);
  assert.deepEqual(read.journey, (journeyFromDocument(FILE) as { journey: unknown }).journey);

  // A ready-made journey brings its starter templates, so it publishes; a send to a missing one is refused.
  const welcome = cli('journeys', 'apply', 'welcome', '--workspace', 'shop');
  assert.equal(welcome.status, 0, welcome.stderr);
  assert.match(welcome.stdout, /journey "welcome" \(id \d+\): version 1 published/);
  assert.match(cli('templates', 'list', '--workspace', 'shop').stdout, /welcome-hello/);
  writeFileSync(
    file,
    'key: mailer\nname: Mailer\ntrigger: { kind: event, event: Signed Up }\nstart: s\nnodes:\n' +
      '  - { id: s, kind: send, channel: email, template: no-such, next: null }\n',
  );
  const refused = cli('journeys', 'apply', file, '--workspace', 'shop');
  assert.equal(refused.status, 2);
  assert.match(
    refused.stderr,
    /^loopline journeys: journey "mailer" cannot be published: node "s": template "no-such" does not exist/,
  );
  writeFileSync(file, FILE.replace('1 day', 'soon'));
  const bad = cli('journeys', 'apply', file, '--workspace', 'shop');
  assert.equal(bad.status, 2);
  assert.match(
    bad.stderr,
    /invalid journey: nodes\[0\]\.duration \(line 6, column \d+\): must be a duration/,
  );
});
