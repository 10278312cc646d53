/** One attribute of a tag, with where its value sits in the source so that it can be replaced in place. */
export type HtmlAttribute = {
  /** Lower-cased, as HTML compares attribute names. */
  name: string;
  /** The value as written (entities not decoded); null for a bare attribute such as `disabled`. */
  value: string | null;
  /** Offsets of the value inside the source, quotes excluded (both -1 for a bare attribute). */
  valueStart: number;
  valueEnd: number;
};

/** A stretch of an HTML document; `start` and `end` are offsets into the source (end exclusive). */
export type HtmlToken =
  | { kind: 'text'; start: number; end: number }
  /** A comment, a doctype or a processing instruction: nothing inside it is looked at. */
  | { kind: 'comment'; start: number; end: number }
  | {
      kind: 'tag';
      /** Lower-cased tag name. */
      name: string;
      closing: boolean;
      selfClosing: boolean;
      attributes: HtmlAttribute[];
      start: number;
      end: number;
    };

/** Elements whose content is text up to their end tag, never markup (a `<a href>` in a script is not a link). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript']);

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';
const isLetter = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c);

/**
 * Splits HTML into text, comments and tags the way a browser's tokenizer does in the cases emails
 * hold: attribute values double-quoted, single-quoted or bare, `>` inside a quoted value, comments
 * (MSO conditional comments included) and raw-text elements skipped whole. A `<` that opens no tag is
 * text, and a tag left open at the end of the input is text too, so a rewrite never touches it.
 * Concatenating the tokens' source ranges gives back the input exactly.
 */
export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let i = 0;
  let textStart = 0;
  const flushText = (until: number) => {
    if (until > textStart) tokens.push({ kind: 'text', start: textStart, end: until });
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    const next = html[lt + 1];
    let token: HtmlToken | null = null;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      token = { kind: 'comment', start: lt, end: close === -1 ? html.length : close + 3 };
    } else if (next === '!' || next === '?') {
      const close = html.indexOf('>', lt + 2);
      token = { kind: 'comment', start: lt, end: close === -1 ? html.length : close + 1 };
    } else if (isLetter(next) || (next === '/' && isLetter(html[lt + 2]))) {
      token = readTag(html, lt);
    }
    if (!token) {
      i = lt + 1;
      continue;
    }
    flushText(lt);
    tokens.push(token);
    i = token.end;
    if (token.kind === 'tag' && !token.closing && RAW_TEXT.has(token.name))
      i = rawTextEnd(html, i, token.name);
    textStart = token.end;
  }
  flushText(html.length);
  return tokens;
}

/** Where the raw text of `name` ends: at its end tag, or the end of the input. */
function rawTextEnd(html: string, from: number, name: string): number {
  const lower = html.toLowerCase();
  let at = from;
  for (;;) {
    const found = lower.indexOf(`</${name}`, at);
    if (found === -1) return html.length;
    const after = lower[found + 2 + name.length];
    if (after === undefined || after === '>' || after === '/' || isSpace(after)) return found;
    at = found + 1;
  }
}

/** A start or end tag at `lt`, or null when the input ends inside it. */
function readTag(html: string, lt: number): HtmlToken | null {
  const closing = html[lt + 1] === '/';
  let i = lt + (closing ? 2 : 1);
  const nameStart = i;
  while (i < html.length && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>') i++;
  const name = html.slice(nameStart, i).toLowerCase();
  const attributes: HtmlAttribute[] = [];
  let selfClosing = false;
  for (;;) {
    while (isSpace(html[i])) i++;
    if (i >= html.length) return null;
    if (html[i] === '>')
      return { kind: 'tag', name, closing, selfClosing, attributes, start: lt, end: i + 1 };
    if (html[i] === '/') {
      i++;
      selfClosing = html[i] === '>';
      continue;
    }
    selfClosing = false;
    const attrStart = i;
    // An attribute name may begin with `=` (the spec's quirk); after that it runs to a delimiter.
    i++;
    while (i < html.length && !isSpace(html[i]) && !'/>='.includes(html[i]!)) i++;
    const attrName = html.slice(attrStart, i).toLowerCase();
    let j = i;
    while (isSpace(html[j])) j++;
    if (html[j] !== '=') {
      attributes.push({ name: attrName, value: null, valueStart: -1, valueEnd: -1 });
      continue;
    }
    j++;
    while (isSpace(html[j])) j++;
    const quote = html[j];
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, j + 1);
      if (close === -1) return null;
      attributes.push({
        name: attrName,
        value: html.slice(j + 1, close),
        valueStart: j + 1,
        valueEnd: close,
      });
      i = close + 1;
    } else {
      const valueStart = j;
      while (j < html.length && !isSpace(html[j]) && html[j] !== '>') j++;
      attributes.push({ name: attrName, value: html.slice(valueStart, j), valueStart, valueEnd: j });
      i = j;
    }
  }
}
