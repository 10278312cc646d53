#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=8 --max-old-space-size=512
// The `loopline` command. The server is TypeScript run directly by Node (type stripping, Node >= 24).
// The heap flags keep a busy server's resident memory down: with V8's defaults on a large machine the
// young generation and old-space slack alone grew it by ~200 MB under load (bench/ingest), at no gain
// in throughput. Two malloc arenas rather than glibc's one per thread (up to 8 per core): the server's
// threads each kept half-empty arenas of their own, 17 MB of it while 5M events went in. Override either
// by running `node src/cli/main.ts` directly.
import('../src/cli/main.ts').catch((error) => {
  console.error(error);
  process.exit(1);
});
