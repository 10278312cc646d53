#!/usr/bin/env node
// The `loopline` command. The server is TypeScript run directly by Node (type stripping, Node >= 24).
import('../src/cli/main.ts').catch((error) => {
  console.error(error);
  process.exit(1);
});
