import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type TemplateDefinition, templateFromDocument, templateToDocument } from './template-document.ts';

const WELCOME = `key: welcome-hello
name: Welcome
channel: email
topic: newsletter
subject: Welcome, {{ traits.first_name }}
preheader: Three things to try first
body: |
  <mjml>
    <mj-body><mj-section><mj-column>
      <mj-text>Hi {{ traits.first_name }}</mj-text>
    </mj-column></mj-section></mj-body>
  </mjml>
`;

test('a template file reads to its definition and prints back to the same', () => {
  const read = templateFromDocument(WELCOME);
  assert.ok(read.ok, JSON.stringify(read));
  assert.deepEqual(read.template, {
    key: 'welcome-hello',
    name: 'Welcome',
    topic: 'newsletter',
    content: {
      channel: 'email',
      subject: 'Welcome, {{ traits.first_name }}',
      preheader: 'Three things to try first',
      format: 'mjml',
      body: WELCOME.split('body: |\n')[1]!.replace(/^ {2}/gm, ''),
      text: null,
    },
  });
  const printed = templateToDocument(read.template);
  assert.match(printed, /^body: \|\n {2}<mjml>\n/m);
  assert.deepEqual(templateFromDocument(printed), read);
  const sms: TemplateDefinition = {
    key: 'code',
    name: 'Code',
    topic: null,
    content: { channel: 'sms', body: 'Your code: {{ event.code }}' },
  };
  assert.equal(
    templateToDocument(sms),
    'key: code\nname: Code\nchannel: sms\nbody: "Your code: {{ event.code }}"\n',
  );
  assert.deepEqual(templateFromDocument(templateToDocument(sms)), { ok: true, template: sms });
  assert.deepEqual(
    templateFromDocument(JSON.stringify({ ...sms.content, key: 'code', name: 'Code' }), 'json'),
    {
      ok: true,
      template: sms,
    },
  );
});

test('faults name the path, line and column; every fault at once', () => {
  const read = templateFromDocument(
    'key: Welcome\nname: Welcome\nchannel: email\nsubject: 5\nformat: markdown\nbody: <p>x</p>\nurl: https://x\n',
  );
  assert.deepEqual(read, {
    ok: false,
    faults: [
      { path: 'url', message: 'is not a field of email templates', line: 7, column: 6 },
      {
        path: 'key',
        message: 'must be a key: lower-case letters, digits, - and _, starting with a letter (64 at most)',
        line: 1,
        column: 6,
      },
      { path: 'subject', message: 'must be text', line: 4, column: 10 },
      { path: 'format', message: 'must be mjml or html', line: 5, column: 9 },
    ],
  });
  assert.deepEqual(templateFromDocument('key: a\nname: A\nchannel: fax\n'), {
    ok: false,
    faults: [{ path: 'channel', message: 'must be email, sms or webhook', line: 3, column: 10 }],
  });
  const missing = templateFromDocument('key: a\nname: A\nchannel: webhook\nbody: "{}"\n');
  assert.deepEqual(missing, {
    ok: false,
    faults: [{ path: 'url', message: 'is missing', line: 1, column: 1 }],
  });
  const syntax = templateFromDocument('key: a\nkey: b\n');
  assert.equal(syntax.ok, false);
  assert.match(
    (syntax as { faults: { message: string }[] }).faults[0]!.message,
    /^not YAML: Map keys must be unique/,
  );
  assert.deepEqual(templateFromDocument(['x']), {
    ok: false,
    faults: [{ path: '', message: 'must be a mapping of key, name, channel and the content fields' }],
  });
});
