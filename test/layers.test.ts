import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { importsOf, readImportGraph, runtimeReach } from '../src/testing/import-graph.ts';
import { isRouteModule, layerOf, layerViolations, WRITER_THREAD_ENTRY } from '../src/testing/layers.ts';

const SRC = path.resolve(import.meta.dirname, '../src');

/** The violations of a small tree written to a temp folder, for checking that the rules can fail. */
function violationsOf(files: Record<string, string>): string[] {
  const root = mkdtempSync(path.join(tmpdir(), 'loopline-layers-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    return layerViolations(readImportGraph(root));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('layers of src/', () => {
  const graph = readImportGraph(SRC);

  test('every import points down, no two folders depend on each other, no runtime cycle', () => {
    assert.deepEqual(layerViolations(graph), []);
  });

  test('the SQLite writer thread loads the engine and no HTTP code', () => {
    const reach = runtimeReach(graph, WRITER_THREAD_ENTRY);
    assert.ok(reach.has('engine/engine.ts') && reach.has('identity/ingest-batch.ts'));
    assert.deepEqual(
      [...reach].filter((f) => isRouteModule(graph, f)),
      [],
    );
    assert.ok(
      [...reach].every(
        (f) => !(graph.get(f) ?? []).some((e) => e.external && !e.typeOnly && e.to === 'prom-client'),
      ),
    );
  });

  test('routes live at the api edge, above the adapters and below the wiring', () => {
    assert.ok(isRouteModule(graph, 'api/customers/routes.ts'));
    assert.ok(layerOf('storage') < layerOf('api') && layerOf('api') < layerOf('app'));
    assert.ok(layerOf('core') < layerOf('segments') && layerOf('segments') === layerOf('journeys'));
  });
});

describe('the layer rules fail', () => {
  test('when a capability barrel exports a route', () => {
    const found = violationsOf({
      'segments/index.ts': "export { segmentRoutes } from '../api/segments/routes.ts';\n",
      'api/segments/routes.ts': "import Fastify from 'fastify';\nexport const segmentRoutes = Fastify;\n",
    });
    assert.ok(
      found.some((v) => v.startsWith('segments/index.ts (capabilities) imports api/segments/routes.ts')),
    );
    assert.ok(found.includes('the barrel segments/index.ts loads route modules: api/segments/routes.ts'));
  });

  test('when a route module sits in a capability and the writer thread reaches it', () => {
    const found = violationsOf({
      'storage/sqlite/ingest-worker.ts': "import { x } from '../../customers/index.ts';\nx();\n",
      'customers/index.ts': "export { x } from './routes.ts';\n",
      'customers/routes.ts': "import Fastify from 'fastify';\nexport const x = () => Fastify;\n",
    });
    assert.ok(found.includes('customers/routes.ts serves HTTP below the api edge'));
    assert.ok(found.includes('the SQLite writer thread loads route modules: customers/routes.ts'));
  });

  test('when imports go around a circle, at runtime or through types across folders', () => {
    const found = violationsOf({
      'engine/runtime.ts': "import { compile } from '../lifecycle/index.ts';\nexport const run = compile;\n",
      'lifecycle/index.ts': "export { compile } from './routes.ts';\n",
      'lifecycle/routes.ts':
        "import { run } from '../engine/runtime.ts';\nexport const compile = () => run;\n",
      'rules/ast.ts': "import type { Stage } from '../features/plan.ts';\nexport type Rule = Stage;\n",
      'features/plan.ts':
        "import type { Rule } from '../rules/ast.ts';\nexport type Stage = { rule: Rule };\n",
    });
    assert.ok(
      found.includes('runtime import cycle: engine/runtime.ts → lifecycle/index.ts → lifecycle/routes.ts'),
    );
    assert.ok(
      found.some((v) =>
        /^folders depend on each other: (engine → lifecycle → engine|lifecycle → engine → lifecycle)$/.test(
          v,
        ),
      ),
    );
    assert.ok(
      found.some((v) =>
        /^folders depend on each other: (rules → features → rules|features → rules → features)$/.test(v),
      ),
    );
  });

  test('when the bottom layer imports a capability, even for a type', () => {
    const found = violationsOf({
      'core/page.ts': "import type { Customer } from '../customers/types.ts';\nexport type P = Customer;\n",
      'customers/types.ts': 'export type Customer = { id: number };\n',
    });
    assert.deepEqual(found, [
      'core/page.ts (core) imports customers/types.ts from a higher layer (capabilities)',
    ]);
  });
});

describe('importsOf', () => {
  test('tells type-only imports from runtime ones, and finds dynamic imports and worker entries', () => {
    const found = importsOf(
      'x.ts',
      [
        "import type { A } from './a.ts';",
        "import { type B, type C } from './b.ts';",
        "import { type D, e } from './d.ts';",
        "import './side-effect.ts';",
        "export type { F } from './f.ts';",
        "export { g } from './g.ts';",
        "const pg = await import('./pg.ts');",
        "new Worker(new URL('./worker.ts', import.meta.url));",
      ].join('\n'),
    );
    assert.deepEqual(found, [
      { spec: './a.ts', typeOnly: true },
      { spec: './b.ts', typeOnly: true },
      { spec: './d.ts', typeOnly: false },
      { spec: './side-effect.ts', typeOnly: false },
      { spec: './f.ts', typeOnly: true },
      { spec: './g.ts', typeOnly: false },
      { spec: './pg.ts', typeOnly: false },
      { spec: './worker.ts', typeOnly: false, worker: true },
    ]);
  });
});
