import { bodyBounds, decodeEntities, type HtmlToken, tokenizeHtml } from '../html/index.ts';
import { signLink } from './link-token.ts';

export type TrackingOptions = {
  /** Where Loopline answers on the public internet, e.g. `https://loopline.shop.test`. */
  publicUrl: string;
  secret: Uint8Array;
  workspaceId: number;
  /** The message these links are in, as the sender names it; every click and open carries it. */
  messageId: string;
  /** Links left as they are, such as this recipient's unsubscribe and preferences links. */
  untracked?: readonly string[];
};

/** The attribute that keeps a link out of click tracking: `<a href="..." data-loopline-notrack>`. */
export const NO_TRACK = 'data-loopline-notrack';

/**
 * Click and open tracking for a rendered email. Every http(s) link of an `<a>` or `<area>` goes to
 * `<publicUrl>/m/c/<token>`, whose signed token holds the message and the target, so the route
 * redirects only where the email pointed (never an open redirect). Left alone: other schemes
 * (mailto:, tel:, anchors), links under `publicUrl` itself, the `untracked` ones and those marked
 * `data-loopline-notrack`. An open pixel `<publicUrl>/m/o/<token>` goes just before `</body>`.
 * Works on tokens (see `tokenizeHtml`), so quoting, `href` in text, comments and scripts are safe.
 */
export function trackEmail(html: string, options: TrackingOptions): string {
  const base = publicBase(options.publicUrl);
  const { secret, workspaceId, messageId } = options;
  const untracked = new Set(options.untracked ?? []);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const token of tokenizeHtml(html)) {
    const href = trackableHref(token);
    if (!href) continue;
    const url = decodeEntities(href.value!).trim();
    if (!/^https?:\/\//i.test(url) || untracked.has(url) || url.startsWith(`${base}/`)) continue;
    const link = signLink(secret, { kind: 'click', workspaceId, messageId, url });
    edits.push({ start: href.valueStart, end: href.valueEnd, text: `${base}/m/c/${link}` });
  }
  const pixel = signLink(secret, { kind: 'open', workspaceId, messageId });
  const at = bodyBounds(html).end;
  edits.push({
    start: at,
    end: at,
    text: `<img src="${base}/m/o/${pixel}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`,
  });
  return splice(
    html,
    edits.sort((a, b) => a.start - b.start),
  );
}

function trackableHref(token: HtmlToken) {
  if (token.kind !== 'tag' || token.closing || (token.name !== 'a' && token.name !== 'area')) return null;
  if (token.attributes.some((a) => a.name === NO_TRACK)) return null;
  // A browser follows the first of two href attributes, so that is the one to rewrite.
  const href = token.attributes.find((a) => a.name === 'href');
  return href && href.value !== null ? href : null;
}

function publicBase(publicUrl: string): string {
  if (!/^https?:\/\//i.test(publicUrl) || !URL.canParse(publicUrl))
    throw new Error(`publicUrl "${publicUrl}" is not an http(s) URL`);
  return publicUrl.replace(/\/+$/, '');
}

/** Applies non-overlapping edits, sorted by where they start. */
function splice(text: string, edits: { start: number; end: number; text: string }[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}
