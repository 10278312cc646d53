/** The page at `/` until the dashboard exists: what this server is and where to go. */
export function rootPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loopline</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1d2330}
code,pre{background:#f3f4f8;border-radius:4px;padding:.1rem .3rem}pre{padding:.8rem;overflow:auto}</style></head>
<body><h1>Loopline is running</h1>
<p>Customer lifecycle management and journeys. Send events with any Segment-compatible SDK to
<code>/v1</code> using your workspace's write key (printed in the terminal on first start, or
<code>npm run loopline -- keys list</code>).</p>
<pre>curl -u WRITE_KEY: -H 'content-type: application/json' \\
  -d '{"userId":"u1","event":"Signed Up"}' http://localhost:7300/v1/track</pre>
<p>Admin API: <a href="/api/docs">/api/docs</a> (Authorization: Bearer SECRET_KEY) ·
Health: <a href="/healthz">/healthz</a> · Metrics: <a href="/metrics">/metrics</a></p>
</body></html>`;
}
