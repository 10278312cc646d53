import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { templateFromDocument } from '../messaging/index.ts';
import { tempCli } from './test-cli.ts';

const FILE = `key: welcome-hello
name: Welcome
channel: email
topic: news
subject: 'Welcome, {{ traits.first_name | default: "friend" }}'
body: |
  <mjml>
    <mj-body><mj-section><mj-column>
      <mj-text>Hi {{ traits.first_name }}</mj-text>
      <mj-button href="{{ links.unsubscribe }}">Unsubscribe</mj-button>
    </mj-column></mj-section></mj-body>
  </mjml>
`;

test('loopline templates: apply a file (create, then a new version), a draft, list, export, faults at their line', (t) => {
  const { dir, cli } = tempCli(t, 'templates');
  assert.equal(cli('workspaces', 'create', 'shop').status, 0);
  const file = path.join(dir, 'welcome.yaml');
  writeFileSync(file, FILE);

  const first = cli('templates', 'apply', file, '--workspace', 'shop');
  assert.equal(
    first.stdout,
    'template "welcome-hello" (email): created, version 1 published\n',
    first.stderr,
  );
  assert.equal(
    cli('templates', 'apply', file, '--workspace', 'shop').stdout,
    'template "welcome-hello" (email): draft replaced, version 2 published\n',
  );
  const sms = path.join(dir, 'code.json');
  writeFileSync(
    sms,
    JSON.stringify({ key: 'code', name: 'Code', channel: 'sms', body: 'Code {{ event.code }}' }),
  );
  assert.equal(
    cli('templates', 'apply', sms, '--draft', '--workspace', 'shop').stdout,
    'template "code" (sms): created, not published\n',
  );
  const list = cli('templates', 'list', '--workspace', 'shop').stdout.trim().split('\n');
  assert.deepEqual(list, [
    'key\tchannel\ttopic\tversion\tname',
    'code\tsms\t-\t-\tCode',
    'welcome-hello\temail\tnews\t2\tWelcome',
  ]);

  const exported = cli('templates', 'export', 'welcome-hello', '--workspace', 'shop');
  assert.deepEqual(templateFromDocument(exported.stdout), templateFromDocument(FILE));
  assert.match(
    cli('templates', 'export', 'nope', '--workspace', 'shop').stderr,
    /no template "nope" in workspace "shop"/,
  );

  writeFileSync(
    file,
    FILE.replace('<mj-text>Hi {{ traits.first_name }}', '<mj-text>Hi {{ first_name | shout }}'),
  );
  const bad = cli('templates', 'apply', file, '--workspace', 'shop');
  assert.equal(bad.status, 2);
  assert.equal(
    bad.stderr,
    'loopline templates: invalid template "welcome-hello":\n  body (line 3, column 17): undefined filter: shout\n',
  );
  writeFileSync(file, 'key: x\nname: X\nchannel: email\nbody: <p>x</p>\n');
  assert.equal(
    cli('templates', 'apply', file, '--workspace', 'shop').stderr,
    'loopline templates: invalid template:\n  subject (line 1, column 1): is missing\n',
  );
  assert.match(cli('templates', 'apply', path.join(dir, 'none.yaml')).stderr, /no file .*none\.yaml/);
  assert.equal(
    cli('templates', 'list', '--workspace', 'shop').stdout.trim().split('\n').length,
    3,
    'nothing saved',
  );
});
