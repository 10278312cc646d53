import type { TemplateFault } from '../template-types.ts';

/** A Liquid output or tag, delimiters included; Liquid itself closes them at the first `}}` or `%}`. */
const LIQUID = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;

/**
 * The Liquid of an MJML body that did not come through MJML intact: MJML drops text between its
 * elements (a bare `{% if %}` around an `mj-text`) and rewrites some attribute values, and the
 * template would then show to everyone what was meant for some. Each Liquid piece of the source must
 * appear in the HTML at least as often; a missing one is a fault at its place in the MJML.
 */
export function lostLiquid(mjml: string, html: string): TemplateFault[] {
  const have = new Map<string, number>();
  for (const m of html.matchAll(LIQUID)) have.set(m[0], (have.get(m[0]) ?? 0) + 1);
  const faults: TemplateFault[] = [];
  for (const m of mjml.matchAll(LIQUID)) {
    const left = have.get(m[0]) ?? 0;
    if (left > 0) {
      have.set(m[0], left - 1);
      continue;
    }
    const before = mjml.slice(0, m.index);
    const line = before.split('\n').length;
    const column = m.index - before.lastIndexOf('\n');
    faults.push({
      field: 'body',
      line,
      column,
      message: `${m[0]} does not survive MJML: put Liquid inside mj-text or mj-raw, or in an attribute value with single quotes inside it`,
    });
  }
  return faults;
}
