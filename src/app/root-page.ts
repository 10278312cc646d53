import { firstEventSnippets, NEXT_STEPS, WRITE_KEY_PLACEHOLDER } from './first-run-guide.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * The page at `/` when the dashboard is not served: the first-run guide, after `notice` when given. It never shows a key: the server keeps
 * only their digests, and anyone can load this page. Snippets carry a placeholder instead, with the
 * commands that list and create keys.
 */
export function rootPage(url = 'http://localhost:7300', notice?: string): string {
  const s = firstEventSnippets({ url });
  const pre = (text: string) => `<pre>${escapeHtml(text)}</pre>`;
  const next = NEXT_STEPS.map(
    ([command, what]) => `<li><code>${escapeHtml(command)}</code>: ${escapeHtml(what)}</li>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loopline</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1d2330}
code,pre{background:#f3f4f8;border-radius:4px;padding:.1rem .3rem}pre{padding:.8rem;overflow:auto}</style></head>
<body><h1>Loopline is running</h1>${notice ? `<p role="status"><strong>${escapeHtml(notice)}</strong></p>` : ''}
<p>Customer lifecycle management and journeys. Send events with any Segment-compatible SDK to
<code>/v1</code> with your workspace's write key in place of <code>${WRITE_KEY_PLACEHOLDER}</code>. Keys are
shown once, in the terminal, when they are created (first start, <code>loopline demo</code>); the server
keeps only their digests, so this page cannot show them. <code>npm run loopline -- keys list</code> lists
them, <code>npm run loopline -- keys create --kind write</code> makes a new one.</p>
<h2>Send a first event</h2>
<p>With curl:</p>${pre(s.curl)}
<p>From a Node.js server (<code>@segment/analytics-node</code>):</p>${pre(s.node)}
<p>From a web page (analytics.js):</p>${pre(s.browser)}
<p>Then find the customer and their lifecycle stage with the secret key:</p>
${pre(`curl -H 'authorization: Bearer SECRET_KEY' '${url}/api/v1/customers?userId=user-1'`)}
<h2>Choose a stage model, and go further</h2>
<ul>
${next}
</ul>
<p>Admin API: <a href="/api/docs">/api/docs</a> (Authorization: Bearer SECRET_KEY) ·
Health: <a href="/healthz">/healthz</a> · Metrics: <a href="/metrics">/metrics</a></p>
</body></html>`;
}
