import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { ManualClock } from '../core/index.ts';
import { tempStore } from '../testing/index.ts';
import { buildServer } from './build-server.ts';

const CONFIG = { ingestQueueMax: 1_000, ingestBatchMax: 100, publicUrl: undefined };

async function serve(t: TestContext, webDist: string | null) {
  const temp = await tempStore();
  const server = await buildServer({
    config: CONFIG,
    store: temp.store,
    clock: new ManualClock(),
    logger: false,
    engine: false,
    webDist,
  });
  t.after(async () => {
    await server.close();
    await temp.cleanup();
  });
  return server.app;
}

/** A dist folder as the build leaves it: index.html and a hashed script with its compressed copies. */
function fakeDist(t: TestContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-web-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'assets'));
  const html =
    '<!doctype html><div id="root"></div><script type="module" src="/assets/index-Ab12.js"></script>';
  writeFileSync(path.join(dir, 'index.html'), html);
  writeFileSync(path.join(dir, 'index.html.gz'), gzipSync(html));
  const js = 'console.log("dashboard");'.repeat(50);
  writeFileSync(path.join(dir, 'assets/index-Ab12.js'), js);
  writeFileSync(path.join(dir, 'assets/index-Ab12.js.br'), brotliCompressSync(js));
  writeFileSync(path.join(dir, 'assets/index-Ab12.js.gz'), gzipSync(js));
  return dir;
}

test('the dashboard is served at / and at its own routes, hashed assets immutable and pre-compressed', async (t) => {
  const app = await serve(t, fakeDist(t));
  for (const url of ['/', '/customers/12', '/settings?tab=keys', '/sign-in']) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 200, url);
    assert.match(res.body, /<div id="root">/, url);
    assert.equal(res.headers['cache-control'], 'no-cache', url);
  }
  const br = await app.inject({
    url: '/assets/index-Ab12.js',
    headers: { 'accept-encoding': 'gzip, deflate, br' },
  });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(String(br.headers['content-type']), /^text\/javascript/);
  const gz = await app.inject({ url: '/assets/index-Ab12.js', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.match(gunzipSync(gz.rawPayload).toString(), /^console\.log/);
  const plain = await app.inject({ url: '/assets/index-Ab12.js' });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal((await app.inject({ url: '/assets/missing-1234.js' })).statusCode, 404);
});

test('the dashboard never shadows the APIs, health or metrics', async (t) => {
  const app = await serve(t, fakeDist(t));
  for (const url of ['/api/v1/nothing-here', '/v1/nothing', '/m/x', '/api/unknown']) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 404, url);
    assert.equal(res.json().error.code, 'not_found', url);
  }
  assert.equal((await app.inject({ url: '/healthz' })).json().status, 'ok');
  assert.match((await app.inject({ url: '/metrics' })).body, /# HELP/);
  assert.equal((await app.inject({ url: '/api/v1/customers' })).statusCode, 401);
});

test('a server without a build says so on the page, with the first-run guide', async (t) => {
  const missing = path.join(tmpdir(), 'loopline-no-build-here');
  const app = await serve(t, missing);
  const res = await app.inject({ url: '/' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /The dashboard is not built on this server: run npm run build:web/);
  assert.match(res.body, /Send a first event/);
});
