import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TemplateContent } from '../template-types.ts';
import { checkTemplate } from './check-template.ts';

const email = (body: string, more: Partial<Extract<TemplateContent, { channel: 'email' }>> = {}) =>
  ({
    channel: 'email',
    subject: 'Hi {{ traits.first_name }}',
    preheader: null,
    format: 'html',
    body,
    text: null,
    ...more,
  }) as TemplateContent;

const faultsOf = async (content: TemplateContent) => {
  const check = await checkTemplate(content);
  assert.equal(check.ok, false, 'expected faults');
  return (check as { faults: unknown[] }).faults;
};

describe('checkTemplate: Liquid', () => {
  test('every documented name passes; names the template makes itself pass', async () => {
    const body = [
      '{{ customer.id }} {{ customer.user_id }} {{ customer.email }} {{ customer.phone }}',
      '{{ traits.plan.tier }} {{ event.items[0].name }} {{ stage }} {{ stage.size }}',
      '{{ predictions.clv }} {{ predictions.p_alive }} {{ predictions.churn_risk }}',
      '{{ workspace.name }} {{ links.unsubscribe }} {{ links.preferences }}',
      '{% assign n = traits.first_name | upcase %}{{ n }}{% capture c %}x{% endcapture %}{{ c }}',
      '{% for item in event.items %}{{ item.name }} {{ forloop.index }}{% endfor %}',
      '{% tablerow p in event.items %}{{ p }}{% endtablerow %}',
    ].join('\n');
    const check = await checkTemplate({ channel: 'sms', body });
    assert.deepEqual(check, { ok: true, compiled: { channel: 'sms', body } });
  });

  test('an unknown variable is a fault at its line and column, in the field it is in', async () => {
    const faults = await faultsOf(
      email('<p>Hello</p>\n<p>{{ traits.x }} {{ user.name }}</p>', {
        subject: '{{ customer.name }}',
        text: 'a\n\n   {{ predictions.ltv }}',
      }),
    );
    assert.deepEqual(faults, [
      {
        field: 'subject',
        line: 1,
        column: 4,
        message:
          'unknown variable "customer.name": customer has customer.id, customer.user_id, customer.email, customer.phone',
      },
      {
        field: 'body',
        line: 2,
        column: 22,
        message:
          'unknown variable "user.name": templates may use customer, traits, event, stage, predictions, workspace, links',
      },
      {
        field: 'text',
        line: 3,
        column: 7,
        message:
          'unknown variable "predictions.ltv": predictions has predictions.clv, predictions.p_alive, predictions.churn_risk',
      },
    ]);
  });

  test('a name used before the template assigns it is still unknown there', async () => {
    const faults = await faultsOf({ channel: 'sms', body: '{{ total }}{% assign total = 1 %}{{ total }}' });
    assert.deepEqual(faults, [{ field: 'body', line: 1, column: 4, message: faultText('total') }]);
  });

  test('properties of closed names and dynamic lookups into them are refused', async () => {
    const faults = (await faultsOf({
      channel: 'sms',
      body: '{{ stage.key }}\n{{ customer[event.field] }}\n{{ links.unsubscribe.host }}',
    })) as { line: number; message: string }[];
    assert.deepEqual(
      faults.map((f) => [f.line, f.message.split(':')[0]]),
      [
        [1, 'unknown variable "stage.key"'],
        [2, 'unknown variable "customer[event.field]"'],
        [3, 'unknown variable "links.unsubscribe.host"'],
      ],
    );
  });

  test('an unknown filter or tag, a tag left open and a file tag are faults with their position', async () => {
    assert.deepEqual(await faultsOf({ channel: 'sms', body: 'a\n  {{ traits.x | shout }}' }), [
      { field: 'body', line: 2, column: 3, message: 'undefined filter: shout' },
    ]);
    assert.deepEqual(await faultsOf({ channel: 'sms', body: '{% unsubscribe %}' }), [
      { field: 'body', line: 1, column: 1, message: 'tag "unsubscribe" not found' },
    ]);
    assert.deepEqual(await faultsOf({ channel: 'webhook', url: 'https://x', body: '{% if stage %}' }), [
      { field: 'body', line: 1, column: 1, message: 'tag {% if stage %} not closed' },
    ]);
    const include = (await faultsOf({ channel: 'sms', body: "x {% include '/etc/passwd' %}" })) as {
      message: string;
    }[];
    assert.match(include[0]!.message, /tag "include" is not available: a template cannot load other files/);
  });
});

const faultText = (name: string) =>
  `unknown variable "${name}": templates may use customer, traits, event, stage, predictions, workspace, links`;

const MJML = `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>Hello {{ traits.first_name }}{% if traits.vip %}, our VIP{% endif %}!</mj-text>
        <mj-button href="{{ links.unsubscribe }}">Unsubscribe</mj-button>
        <mj-raw>{% if stage == 'churned' %}</mj-raw>
        <mj-text>We miss you</mj-text>
        <mj-raw>{% endif %}</mj-raw>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

describe('checkTemplate: MJML', () => {
  test('compiles once, and the Liquid survives in text, in an href and in mj-raw blocks', async () => {
    const check = await checkTemplate(email(MJML, { format: 'mjml', preheader: 'For {{ customer.email }}' }));
    assert.ok(check.ok);
    assert.equal(check.compiled.channel, 'email');
    const html = (check.compiled as { html: string }).html;
    assert.match(html, /^<!doctype html>/i);
    assert.match(html, />Hello \{\{ traits\.first_name \}\}\{% if traits\.vip %\}, our VIP\{% endif %\}!</);
    assert.match(html, /href="\{\{ links\.unsubscribe \}\}"/);
    assert.ok(html.indexOf("{% if stage == 'churned' %}") < html.indexOf('We miss you'));
    assert.ok(html.indexOf('We miss you') < html.indexOf('{% endif %}', html.indexOf('We miss you')));
    assert.equal((check.compiled as { preheader: string }).preheader, 'For {{ customer.email }}');
  });

  test('an MJML error is a fault on the body at its line', async () => {
    const broken = MJML.replace('<mj-text>We miss you</mj-text>', '<mj-txt>We miss you</mj-txt>');
    const faults = (await faultsOf(email(broken, { format: 'mjml' }))) as { line: number; message: string }[];
    assert.equal(faults.length, 1);
    assert.equal(faults[0]!.line, 8);
    assert.match(faults[0]!.message, /^MJML: Element mj-txt doesn't exist or is not registered/);
  });

  test('an unknown variable in MJML is reported once, at its place in the MJML', async () => {
    const faults = await faultsOf(email(MJML.replace('traits.first_name', 'first_name'), { format: 'mjml' }));
    assert.deepEqual(faults, [{ field: 'body', line: 5, column: 27, message: faultText('first_name') }]);
  });

  test('Liquid that MJML would drop or mangle is a fault where it was written', async () => {
    const bare = MJML.replace("<mj-raw>{% if stage == 'churned' %}</mj-raw>", "{% if stage == 'churned' %}");
    const faults = (await faultsOf(email(bare, { format: 'mjml' }))) as { line: number; message: string }[];
    assert.deepEqual(
      faults.map((f) => [f.line, f.message.split(' does not')[0]]),
      [[7, "{% if stage == 'churned' %}"]],
    );
    const quoted = MJML.replace('{{ links.unsubscribe }}', '{{ traits.url | default: "https://x.test" }}');
    const refused = (await faultsOf(email(quoted, { format: 'mjml' }))) as {
      line: number;
      message: string;
    }[];
    assert.match(refused[0]!.message, /^MJML: Attributes .* are illegal/);
    const single = MJML.replace('{{ links.unsubscribe }}', "{{ traits.url | default: 'https://x.test' }}");
    assert.equal((await checkTemplate(email(single, { format: 'mjml' }))).ok, true);
  });

  test('HTML passes through as written', async () => {
    const body = '<p>{{ traits.first_name | default: "there" }}</p>';
    const check = await checkTemplate(email(body));
    assert.ok(check.ok);
    assert.equal((check.compiled as { html: string }).html, body);
  });
});
