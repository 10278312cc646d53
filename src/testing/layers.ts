import { type ImportGraph, runtimeCycles, runtimeReach } from './import-graph.ts';

/**
 * The layers of `src/`, bottom to top: a module imports only from its own layer or the ones below.
 * Any folder not named here is a capability (ingest, identity, lifecycle, segments, journeys, ...):
 * capabilities may use one another as long as no two depend on each other, directly or around a
 * circle, so a new capability needs no entry here.
 */
export const LAYERS: readonly (readonly string[] | 'capabilities')[] = [
  ['core'],
  'capabilities',
  ['contract'],
  ['storage'],
  ['api'],
  ['app', 'config', 'demo'],
  ['cli'],
  ['testing'],
];

/** The SQLite writer thread's entry: it runs ingest and the engine, and must load no HTTP code. */
export const WRITER_THREAD_ENTRY = 'storage/sqlite/ingest-worker.ts';

/** Packages only the HTTP edge and above may load. */
const HTTP_PACKAGES = /^(fastify|@fastify\/.*|prom-client)$/;

const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '');

/** The layer a folder is in (its index in LAYERS). */
export function layerOf(folder: string): number {
  const named = LAYERS.findIndex((l) => l !== 'capabilities' && l.includes(folder));
  return named >= 0 ? named : LAYERS.indexOf('capabilities');
}

const layerName = (n: number) => {
  const layer = LAYERS[n]!;
  return layer === 'capabilities' ? 'capabilities' : layer.join('/');
};

/** A module that serves HTTP: anything under api/, or anything that loads the HTTP packages at runtime. */
export function isRouteModule(graph: ImportGraph, file: string): boolean {
  return (
    folderOf(file) === 'api' ||
    (graph.get(file) ?? []).some((e) => e.external && !e.typeOnly && HTTP_PACKAGES.test(e.to))
  );
}

/** Folder-level cycles: folders that depend on each other, through any imports, types included. */
function folderCycles(graph: ImportGraph): string[][] {
  const deps = new Map<string, Set<string>>();
  for (const [file, edges] of graph) {
    const from = folderOf(file);
    for (const e of edges) {
      const to = folderOf(e.to);
      if (e.external || to === from) continue;
      if (!deps.has(from)) deps.set(from, new Set());
      deps.get(from)!.add(to);
    }
  }
  // The folder graph is small: a cycle exists where a folder reaches itself.
  const cycles: string[][] = [];
  const seen = new Set<string>();
  for (const start of deps.keys()) {
    const paths: string[][] = [[start]];
    const visited = new Set<string>();
    while (paths.length > 0) {
      const p = paths.shift()!;
      for (const next of deps.get(p.at(-1)!) ?? []) {
        if (next === start) {
          const key = [...p].sort().join(' ');
          if (!seen.has(key)) cycles.push([...p, start]);
          seen.add(key);
        } else if (!visited.has(next)) {
          visited.add(next);
          paths.push([...p, next]);
        }
      }
    }
  }
  return cycles;
}

/** Everything in the tree that breaks the layering, one sentence each; empty when nothing does. */
export function layerViolations(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const cycle of runtimeCycles(graph)) out.push(`runtime import cycle: ${cycle.join(' → ')}`);
  for (const cycle of folderCycles(graph)) out.push(`folders depend on each other: ${cycle.join(' → ')}`);
  for (const [file, edges] of graph) {
    const from = layerOf(folderOf(file));
    for (const e of edges) {
      if (e.external) continue;
      const to = layerOf(folderOf(e.to));
      if (to > from) {
        out.push(`${file} (${layerName(from)}) imports ${e.to} from a higher layer (${layerName(to)})`);
      }
    }
    if (isRouteModule(graph, file) && layerOf(folderOf(file)) < layerOf('api')) {
      out.push(`${file} serves HTTP below the api edge`);
    }
  }
  for (const file of graph.keys()) {
    if (
      !file.endsWith('/index.ts') ||
      folderOf(file) === 'api' ||
      layerOf(folderOf(file)) >= layerOf('api')
    ) {
      continue;
    }
    const routes = [...runtimeReach(graph, file)].filter((f) => isRouteModule(graph, f));
    if (routes.length > 0) out.push(`the barrel ${file} loads route modules: ${routes.join(', ')}`);
  }
  if (graph.has(WRITER_THREAD_ENTRY)) {
    const routes = [...runtimeReach(graph, WRITER_THREAD_ENTRY)].filter((f) => isRouteModule(graph, f));
    if (routes.length > 0) out.push(`the SQLite writer thread loads route modules: ${routes.join(', ')}`);
  }
  return out;
}
