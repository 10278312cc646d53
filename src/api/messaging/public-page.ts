/** Text for HTML: the five characters that could end an element or an attribute, escaped. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A small, self-contained page for recipients (no scripts, no external assets): a heading, the body
 * given (already escaped by its maker) and the workspace's name in the title.
 */
export function publicPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; }
fieldset { border: 1px solid #ccc; border-radius: 6px; padding: 1rem; margin: 1rem 0; }
label { display: block; margin: .4rem 0; }
.hint { color: #555; font-size: .9rem; margin: 0 0 .4rem 1.6rem; }
button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid #1a1a1a; background: #1a1a1a; color: #fff; cursor: pointer; }
button:focus-visible, input:focus-visible { outline: 3px solid #3b82f6; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** The one-pixel transparent GIF an open pixel answers with. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
