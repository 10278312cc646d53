import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CompiledTemplate, RenderInput } from '../template-types.ts';
import { checkTemplate } from './check-template.ts';
import { RenderError } from './render-error.ts';
import { createRenderer } from './renderer.ts';

const INPUT: RenderInput = {
  customer: { id: 7, userId: 'ann', email: 'ann@example.com', phone: '+4915112345678' },
  traits: { first_name: 'Ann <3', plan: 'pro', items: ['a', 'b'] },
  event: { total: 120, sku: 'X&Y' },
  stage: 'active',
  predictions: { clv: 310.5, pAlive: 0.8, churnRisk: 0.2 },
  workspace: { name: 'Shop' },
  links: { unsubscribe: 'https://l.test/u/tok?a=1&b=2', preferences: 'https://l.test/p/tok' },
};

const email = (html: string, more: Partial<Extract<CompiledTemplate, { channel: 'email' }>> = {}) =>
  ({ channel: 'email', subject: 'Hi', preheader: null, html, text: null, ...more }) as CompiledTemplate;

const rejects = (promise: Promise<unknown>, field: string, message: RegExp) =>
  assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof RenderError, String(e));
    assert.equal(e.field, field);
    assert.match(e.message, message);
    return true;
  });

describe('renderer', () => {
  test('email: HTML escaped, subject and text not; snake_case names; text made from the HTML', async () => {
    const r = createRenderer();
    const out = await r.render(
      email(
        '<html><body><p>Hi {{ traits.first_name }} ({{ customer.user_id }}), {{ event.sku }}</p><a href="{{ links.unsubscribe }}">Unsubscribe</a> {{ "<b>ok</b>" | raw }}</body></html>',
        {
          subject:
            '{{ traits.first_name }}: {{ predictions.clv }} / {{ predictions.churn_risk }}\n in {{ stage }}',
        },
      ),
      't1:v1',
      INPUT,
    );
    assert.equal(out.channel, 'email');
    if (out.channel !== 'email') return;
    assert.equal(out.subject, 'Ann <3: 310.5 / 0.2 in active', 'one line, not escaped');
    assert.match(out.html, /<p>Hi Ann &lt;3 \(ann\), X&amp;Y<\/p>/);
    assert.match(out.html, /href="https:\/\/l\.test\/u\/tok\?a=1&amp;b=2"/);
    assert.match(out.html, /<b>ok<\/b>/);
    assert.match(out.text, /^Hi Ann <3 \(ann\), X&Y/);
    assert.match(out.text, /Unsubscribe \[https:\/\/l\.test\/u\/tok\?a=1&b=2\]/);
    assert.equal(out.preheader, null);
  });

  test('the preheader is the first thing in the body, hidden and escaped; a given text part is rendered', async () => {
    const out = await createRenderer().render(
      email(
        '<!doctype html><html><head><title>x</title></head><body style="margin:0"><p>Body</p></body></html>',
        {
          preheader: 'For {{ traits.first_name }} &  {{ workspace.name }}',
          text: 'Hello {{ traits.first_name }}',
        },
      ),
      't2:v1',
      INPUT,
    );
    if (out.channel !== 'email') return assert.fail();
    assert.equal(out.preheader, 'For Ann <3 & Shop');
    assert.match(
      out.html,
      /<body style="margin:0"><div style="display:none;[^"]*">For Ann &lt;3 &amp; Shop<\/div><p>Body<\/p>/,
    );
    assert.equal(out.text, 'Hello Ann <3');
  });

  test('SMS renders plain text, trimmed, within its cap', async () => {
    const r = createRenderer({ limits: { smsChars: 20 } });
    const out = await r.render({ channel: 'sms', body: ' Hi {{ traits.first_name }}! ' }, 's1', INPUT);
    assert.deepEqual(out, { channel: 'sms', body: 'Hi Ann <3!' });
    await rejects(
      r.render({ channel: 'sms', body: '{% for i in (1..30) %}x{% endfor %}' }, 's2', INPUT),
      'body',
      /renders 30 characters, more than the 20 allowed/,
    );
    await rejects(
      r.render({ channel: 'sms', body: '{{ traits.missing }}' }, 's3', INPUT),
      'body',
      /renders empty/,
    );
  });

  test('webhook bodies must be JSON; values go in with | json', async () => {
    const r = createRenderer();
    const out = await r.render(
      {
        channel: 'webhook',
        url: 'https://hooks.test/{{ customer.id }}',
        body: '{"name": {{ traits.first_name | json }}, "items": {{ traits.items | json }}, "p": {{ predictions.p_alive }}}',
      },
      'w1',
      INPUT,
    );
    assert.deepEqual(out, {
      channel: 'webhook',
      url: 'https://hooks.test/7',
      body: { name: 'Ann <3', items: ['a', 'b'], p: 0.8 },
    });
    await rejects(
      r.render(
        { channel: 'webhook', url: 'https://h.test', body: '{"name": "{{ traits.first_name }}", }' },
        'w2',
        INPUT,
      ),
      'body',
      /not JSON/,
    );
    await rejects(
      r.render({ channel: 'webhook', url: '{{ traits.plan }}', body: '{}' }, 'w3', INPUT),
      'url',
      /renders "pro", not an http\(s\) URL/,
    );
  });

  test('limits: memory, output size, an empty subject; each a RenderError', async () => {
    const small = createRenderer({ limits: { memoryLimit: 1_000, emailBytes: 100 } });
    await rejects(
      small.render({ channel: 'sms', body: '{% for i in (1..100000) %}{{ i }}{% endfor %}' }, 'm1', INPUT),
      'body',
      /memory/i,
    );
    await rejects(small.render(email('x'.repeat(101)), 'm2', INPUT), 'body', /more than the 100 allowed/);
    await rejects(
      small.render(email('x', { subject: '{{ traits.none }}' }), 'm3', INPUT),
      'subject',
      /empty/,
    );
  });

  test('parsed Liquid is kept per cache key: the key names one text', async () => {
    const r = createRenderer({ limits: { cacheSize: 1 } });
    const first = await r.render({ channel: 'sms', body: 'one' }, 'k', INPUT);
    const again = await r.render({ channel: 'sms', body: 'two' }, 'k', INPUT);
    assert.deepEqual(
      [first, again],
      [
        { channel: 'sms', body: 'one' },
        { channel: 'sms', body: 'one' },
      ],
    );
    await r.render({ channel: 'sms', body: 'other' }, 'k2', INPUT);
    assert.deepEqual(await r.render({ channel: 'sms', body: 'two' }, 'k', INPUT), {
      channel: 'sms',
      body: 'two',
    });
  });

  test('an MJML template renders end to end after checkTemplate', async () => {
    const check = await checkTemplate({
      channel: 'email',
      subject: 'Hello {{ traits.first_name }}',
      preheader: 'Your {{ traits.plan }} plan',
      format: 'mjml',
      body: `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Hi {{ traits.first_name }}{% if stage == 'active' %}, thanks for staying{% endif %}</mj-text>
  <mj-button href="{{ links.preferences }}">Preferences</mj-button>
</mj-column></mj-section></mj-body></mjml>`,
      text: null,
    });
    assert.ok(check.ok);
    const out = await createRenderer().render(check.compiled, 'mj:v1', INPUT);
    if (out.channel !== 'email') return assert.fail();
    assert.match(out.html, />Hi Ann &lt;3, thanks for staying</);
    assert.match(out.html, /href="https:\/\/l\.test\/p\/tok"/);
    assert.ok(out.html.indexOf('Your pro plan') < out.html.indexOf('Hi Ann'));
    assert.match(out.text, /Hi Ann <3, thanks for staying/);
    assert.doesNotMatch(out.text, /Your pro plan/);
  });
});
