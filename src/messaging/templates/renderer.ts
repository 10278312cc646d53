import { htmlToText } from 'html-to-text';
import type { Liquid, Template } from 'liquidjs';
import type { Json } from '../../core/index.ts';
import { bodyBounds, escapeHtml } from '../html/index.ts';
import type { CompiledTemplate, RenderedMessage, RenderInput } from '../template-types.ts';
import { createLiquid } from './liquid-engine.ts';
import { type LiquidField, liquidFields } from './liquid-fields.ts';
import { Lru } from './lru.ts';
import { RenderError } from './render-error.ts';
import { DEFAULT_RENDER_LIMITS, type RenderLimits } from './render-limits.ts';
import { toLiquidScope } from './variables.ts';

type Field = LiquidField;
type Parsed = Partial<Record<Field, Template[]>>;

export interface Renderer {
  /**
   * Renders a compiled template for one recipient. `cacheKey` names the compiled form (template id
   * and version): its parsed Liquid is kept, so a key must never name two different texts.
   * @throws RenderError when the message cannot be made (permanent: the same input fails again)
   */
  render(compiled: CompiledTemplate, cacheKey: string, input: RenderInput): Promise<RenderedMessage>;
}

/**
 * The renderer the sender runs: HTML fields escape every output (`| raw` opts out), subject, text,
 * SMS and webhook fields do not; each render is bounded in time, memory and output size.
 *
 * @example const html = await createRenderer().render(compiled, `${id}:v${version}`, input)
 */
export function createRenderer(options: { limits?: Partial<RenderLimits> } = {}): Renderer {
  const limits = { ...DEFAULT_RENDER_LIMITS, ...options.limits };
  const plain = createLiquid(limits, false);
  const html = createLiquid(limits, true);
  const cache = new Lru<string, Parsed>(limits.cacheSize);
  const engineOf = (compiled: CompiledTemplate, field: Field) =>
    compiled.channel === 'email' && field === 'body' ? html : plain;

  const parsedOf = (key: string, compiled: CompiledTemplate): Parsed => {
    const hit = cache.get(key);
    if (hit) return hit;
    const parsed: Parsed = {};
    for (const [field, text] of liquidFields(compiled))
      parsed[field] = parse(engineOf(compiled, field), field, text);
    cache.set(key, parsed);
    return parsed;
  };

  return {
    async render(compiled, cacheKey, input) {
      const parsed = parsedOf(cacheKey, compiled);
      const scope = toLiquidScope(input);
      const run = (field: Field) => renderField(engineOf(compiled, field), parsed, field, scope);
      switch (compiled.channel) {
        case 'email': {
          const subject = oneLine(await run('subject'));
          if (subject === '') throw new RenderError('subject', 'renders empty');
          if (subject.length > limits.subjectChars)
            throw new RenderError('subject', `is longer than ${limits.subjectChars} characters`);
          const preheader = compiled.preheader === null ? null : oneLine(await run('preheader'));
          const body = await run('body');
          const text = compiled.text === null ? textOf(body) : await run('text');
          const withPreheader = preheader ? insertPreheader(body, preheader) : body;
          const bytes = Buffer.byteLength(withPreheader) + Buffer.byteLength(text);
          if (bytes > limits.emailBytes)
            throw new RenderError(
              'body',
              `renders ${bytes} bytes, more than the ${limits.emailBytes} allowed`,
            );
          return { channel: 'email', subject, preheader, html: withPreheader, text };
        }
        case 'sms': {
          const body = (await run('body')).trim();
          if (body === '') throw new RenderError('body', 'renders empty');
          if (body.length > limits.smsChars)
            throw new RenderError(
              'body',
              `renders ${body.length} characters, more than the ${limits.smsChars} allowed`,
            );
          return { channel: 'sms', body };
        }
        case 'webhook': {
          const url = (await run('url')).trim();
          if (!/^https?:\/\/[^\s]+$/i.test(url) || !URL.canParse(url))
            throw new RenderError('url', `renders "${url.slice(0, 200)}", not an http(s) URL`);
          const text = await run('body');
          if (Buffer.byteLength(text) > limits.webhookBytes)
            throw new RenderError('body', `renders more than the ${limits.webhookBytes} bytes allowed`);
          return { channel: 'webhook', url, body: parseJson(text) };
        }
      }
    },
  };
}

function parse(liquid: Liquid, field: Field, text: string): Template[] {
  try {
    return liquid.parse(text);
  } catch (error) {
    throw new RenderError(field, `does not parse: ${(error as Error).message}`);
  }
}

async function renderField(liquid: Liquid, parsed: Parsed, field: Field, scope: object): Promise<string> {
  try {
    return String(await liquid.render(parsed[field]!, scope));
  } catch (error) {
    // liquidjs raises the limits (time, memory) as render errors like any other.
    throw new RenderError(field, (error as Error).message);
  }
}

/** A header value on one line: a subject must never carry a line break into the message's headers. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The text part, from the HTML as rendered (before the preheader: it is not part of the reading). */
function textOf(html: string): string {
  return htmlToText(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  });
}

/**
 * The preheader as the first thing in the body, hidden: inboxes show the start of the text after the
 * subject, and would otherwise show "View in browser" or an image's alt text.
 */
function insertPreheader(html: string, preheader: string): string {
  const { start } = bodyBounds(html);
  const hidden = `<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all">${escapeHtml(preheader)}</div>`;
  return html.slice(0, start) + hidden + html.slice(start);
}

function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new RenderError(
      'body',
      `renders text that is not JSON (${(error as Error).message}); put values in with | json`,
    );
  }
}
