import type { CompiledTemplate, TemplateContent, TemplateFault } from '../template-types.ts';

export type LiquidField = TemplateFault['field'];

/**
 * Each Liquid field of a template with its text, as saved or compiled (for email the body is the
 * MJML or HTML as written, or the HTML after MJML); absent optional fields are skipped.
 */
export function liquidFields(t: TemplateContent | CompiledTemplate): [LiquidField, string][] {
  switch (t.channel) {
    case 'email': {
      const out: [LiquidField, string][] = [
        ['subject', t.subject],
        ['body', 'html' in t ? t.html : t.body],
      ];
      if (t.preheader !== null) out.push(['preheader', t.preheader]);
      if (t.text !== null) out.push(['text', t.text]);
      return out;
    }
    case 'sms':
      return [['body', t.body]];
    case 'webhook':
      return [
        ['url', t.url],
        ['body', t.body],
      ];
  }
}
