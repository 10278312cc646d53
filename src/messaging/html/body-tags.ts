import { tokenizeHtml } from './tokenize-html.ts';

/**
 * Where to put something at the start of the body (just after `<body ...>`) and at its end (just
 * before the last `</body>`), as offsets into `html`: 0 and the length when the document has no body
 * tags (a fragment).
 */
export function bodyBounds(html: string): { start: number; end: number } {
  let start = -1;
  let end = -1;
  for (const t of tokenizeHtml(html)) {
    if (t.kind !== 'tag' || t.name !== 'body') continue;
    if (!t.closing && start === -1) start = t.end;
    if (t.closing) end = t.start;
  }
  return { start: start === -1 ? 0 : start, end: end === -1 || end < start ? html.length : end };
}
