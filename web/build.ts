/**
 * Builds the dashboard into web/dist: Vite's build, then a brotli and a gzip copy of every text asset
 * (the server sends those as they are), then the measured size of what the first page load fetches.
 * `--if-stale` builds only when there is no build or the sources changed since it (a hash of their
 * contents, kept in dist/.sources-hash: mtimes change with every checkout, contents do not).
 *   node web/build.ts [--if-stale]
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const WEB = import.meta.dirname;
const DIST = path.join(WEB, 'dist');
const STAMP = path.join(DIST, '.sources-hash');
/** What the build reads: the app, and the server's schema files it imports through src/contract. */
const SOURCES = [WEB, path.join(WEB, '../src')];

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else if (
      dir.startsWith(WEB)
        ? /\.(tsx?|css|html|svg)$/.test(name)
        : /schemas?\.ts$|contract|first-run-guide/.test(full)
    )
      out.push(full);
  }
  return out;
}

function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((d) => files(d)).sort()) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

function compress(dir: string): void {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) compress(full);
    else if (/\.(js|css|html|svg|json|txt)$/.test(name)) {
      const raw = readFileSync(full);
      writeFileSync(
        `${full}.br`,
        brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
      writeFileSync(`${full}.gz`, gzipSync(raw, { level: 9 }));
    }
  }
}

/** The gzip size of index.html and the scripts and styles it names: the first load, before any lazy chunk. */
function initialSize(): { files: number; gzip: number } {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  let gzip = readFileSync(path.join(DIST, 'index.html.gz')).length;
  for (const file of new Set(named)) gzip += readFileSync(path.join(DIST, `${file}.gz`)).length;
  return { files: named.length + 1, gzip };
}

const ifStale = process.argv.includes('--if-stale');
const hash = sourcesHash();
if (ifStale && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) process.exit(0);
if (ifStale)
  console.log(
    existsSync(STAMP) ? 'dashboard sources changed: rebuilding' : 'dashboard not built yet: building',
  );

const { build } = await import('vite');
await build({ configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
compress(DIST);
writeFileSync(STAMP, hash);
const size = initialSize();
console.log(
  `dashboard built into web/dist: first load ${(size.gzip / 1024).toFixed(1)} KB gzip in ${size.files} files`,
);
