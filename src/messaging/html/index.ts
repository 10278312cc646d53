export { bodyBounds } from './body-tags.ts';
export { decodeEntities, escapeHtml } from './entities.ts';
export { type HtmlAttribute, type HtmlToken, tokenizeHtml } from './tokenize-html.ts';
