import type { CompiledTemplate, TemplateCheck, TemplateContent, TemplateFault } from '../template-types.ts';
import { checkLiquid } from './check-liquid.ts';
import { compileMjml } from './compile-mjml.ts';
import { createLiquid, DEFAULT_LIQUID_LIMITS } from './liquid-engine.ts';
import { liquidFields } from './liquid-fields.ts';
import { lostLiquid } from './lost-liquid.ts';

const liquid = createLiquid(DEFAULT_LIQUID_LIMITS, false);

/**
 * Checks a template as an editor saves it and compiles it for the sender: every Liquid field parsed
 * and its variables checked (see `checkLiquid`), MJML compiled once here so that the sender never runs
 * it. The Liquid must survive MJML: every piece of it must reach the HTML unchanged (see `lostLiquid`),
 * and the HTML must parse as Liquid again.
 *
 * @example await checkTemplate({ channel: 'sms', body: 'Hi {{ traits.first_name }}' }) // { ok: true, compiled }
 */
export async function checkTemplate(content: TemplateContent): Promise<TemplateCheck> {
  const fields = liquidFields(content);
  const faults = (await Promise.all(fields.map(([field, text]) => checkLiquid(liquid, field, text)))).flat();
  if (content.channel !== 'email') {
    if (faults.length > 0) return { ok: false, faults };
    return { ok: true, compiled: { ...content } };
  }
  let html = content.body;
  if (content.format === 'mjml') {
    const compiled = await compileMjml(content.body);
    if (!compiled.ok) {
      const mjmlFaults = compiled.errors.map((e) => ({ field: 'body' as const, column: 1, ...e }));
      return { ok: false, faults: [...faults, ...mjmlFaults] };
    }
    html = compiled.html;
    // Only when the MJML's own Liquid was sound: otherwise the same fault would show twice.
    if (!faults.some((f) => f.field === 'body')) {
      faults.push(...lostLiquid(content.body, html));
      const after = faults.length === 0 ? await checkLiquid(liquid, 'body', html) : [];
      faults.push(...after.map(afterMjml));
    }
  }
  if (faults.length > 0) return { ok: false, faults };
  const compiled: CompiledTemplate = {
    channel: 'email',
    subject: content.subject,
    preheader: content.preheader,
    html,
    text: content.text,
  };
  return { ok: true, compiled };
}

// A fault in the compiled HTML has no place in the MJML the author wrote: it is reported at the start.
const afterMjml = (f: TemplateFault): TemplateFault => ({
  field: 'body',
  line: 1,
  column: 1,
  message: `the Liquid did not survive MJML (${f.message}); keep Liquid tags in mj-text, mj-raw or attribute values, with single quotes inside attributes`,
});
