import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as contract from './index.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The edge and the wiring: HTTP, storage, the server and the CLI. The contract reaches none of them. */
const FORBIDDEN = ['api', 'storage', 'app', 'cli'];
const isAllowedPackage = (specifier: string) => specifier === 'typebox' || specifier.startsWith('typebox/');

/**
 * The modules a file loads when it runs. `import type` and `export type` are erased; an import whose
 * names are all `type` still loads its module (verbatimModuleSyntax keeps `import {} from`), so it counts.
 * Dynamic `import()` counts too.
 */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      found.push(specifier && ts.isStringLiteral(specifier) ? specifier.text : '<computed import()>');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every file the entry loads, and each problem as the chain of imports that leads to it. */
function walk(root: string, entry: string): { files: Set<string>; problems: string[] } {
  const forbidden = FORBIDDEN.map((dir) => path.join(root, dir) + path.sep);
  const files = new Set<string>();
  const problems: string[] = [];
  const queue: { file: string; chain: string[] }[] = [{ file: entry, chain: [] }];
  while (queue.length > 0) {
    const { file, chain } = queue.shift()!;
    if (files.has(file)) continue;
    files.add(file);
    const here = [...chain, path.relative(root, file)];
    for (const specifier of runtimeImports(file)) {
      if (!specifier.startsWith('.')) {
        if (!isAllowedPackage(specifier)) problems.push(`${here.join(' → ')} imports ${specifier}`);
        continue;
      }
      const target = path.resolve(path.dirname(file), specifier);
      if (forbidden.some((dir) => target.startsWith(dir))) {
        problems.push(`${here.join(' → ')} imports ${path.relative(root, target)}`);
      } else {
        queue.push({ file: target, chain: here });
      }
    }
  }
  return { files, problems };
}

test('the contract loads TypeBox and schema code only: no node: built-in, package, HTTP, storage or wiring', () => {
  const { files, problems } = walk(SRC, path.join(SRC, 'contract', 'index.ts'));
  assert.deepEqual(problems, []);
  assert.ok(files.size > 5, `the walk follows the imports (${files.size} files)`);
});

test('the walk finds each kind of import the contract must not make, and only those', (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'loopline-contract-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'contract/index.ts':
      "import type { X } from 'node:fs';\nexport * from '../a.ts';\nexport type { Y } from 'pg';\n",
    'a.ts': "import { Type } from 'typebox';\nimport { type P } from 'node:path';\nexport * from './b.ts';\n",
    'b.ts':
      "import { Value } from 'typebox/value';\nexport { db } from './storage/db.ts';\nawait import('fastify');\n",
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  assert.deepEqual(walk(root, path.join(root, 'contract/index.ts')).problems, [
    'contract/index.ts → a.ts imports node:path',
    'contract/index.ts → a.ts → b.ts imports storage/db.ts',
    'contract/index.ts → a.ts → b.ts imports fastify',
  ]);
});

test('the contract exports schemas only, each a TypeBox schema, and the server uses the same objects', async () => {
  const values = Object.entries(contract);
  assert.ok(values.length >= 70, `${values.length} schemas`);
  for (const [name, value] of values) {
    assert.ok(name.endsWith('Schema'), `${name} is named as a schema`);
    // TypeBox marks what it builds with a `~kind` (hidden from JSON), a plain object has none.
    assert.ok(typeof value === 'object' && Object.hasOwn(value, '~kind'), `${name} is a TypeBox schema`);
  }
  const { SegmentSchema } = await import('../segments/index.ts');
  assert.equal(contract.SegmentSchema, SegmentSchema, 'one schema per shape, not a copy');
});
