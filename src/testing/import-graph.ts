import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import or re-export of a module: a file of the tree, or a package (`node:fs`, `fastify`). */
export type ImportEdge = {
  to: string;
  external: boolean;
  typeOnly: boolean;
  /** A worker thread's entry (`new URL('./x.ts', import.meta.url)`): loaded in another isolate. */
  worker?: boolean;
};

/** Every module of a source tree (tests left out) with what it imports, keyed by path relative to the root. */
export type ImportGraph = Map<string, ImportEdge[]>;

const isTypeOnlyImport = (node: ts.ImportDeclaration): boolean => {
  const clause = node.importClause;
  if (!clause) return false; // `import './x.ts'` runs the module
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
};

const isTypeOnlyExport = (node: ts.ExportDeclaration): boolean =>
  node.isTypeOnly ||
  (node.exportClause !== undefined &&
    ts.isNamedExports(node.exportClause) &&
    node.exportClause.elements.length > 0 &&
    node.exportClause.elements.every((e) => e.isTypeOnly));

/**
 * The module specifiers a file imports, with whether each is for types only (erased when the file
 * runs). Dynamic `import('…')` and `new URL('./worker.ts', import.meta.url)` (a worker thread's entry)
 * count as runtime imports.
 */
export function importsOf(
  fileName: string,
  text: string,
): { spec: string; typeOnly: boolean; worker?: boolean }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: { spec: string; typeOnly: boolean; worker?: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ spec: node.moduleSpecifier.text, typeOnly: isTypeOnlyImport(node) });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      out.push({ spec: node.moduleSpecifier.text, typeOnly: isTypeOnlyExport(node) });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push({ spec: node.arguments[0].text, typeOnly: false });
    } else if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'URL' &&
      node.arguments?.[0] &&
      ts.isStringLiteral(node.arguments[0]) &&
      node.arguments[0].text.endsWith('.ts') &&
      node.arguments[1]?.getText(source) === 'import.meta.url'
    ) {
      out.push({ spec: node.arguments[0].text, typeOnly: false, worker: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Reads every `.ts` module under `root` (not `*.test.ts`) and what each imports. */
export function readImportGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  for (const file of files) {
    const rel = file.split(path.sep).join('/');
    const edges = importsOf(rel, readFileSync(path.join(root, file), 'utf8')).map(
      ({ spec, typeOnly, worker }) =>
        spec.startsWith('.')
          ? {
              to: path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)),
              external: false,
              typeOnly,
              ...(worker ? { worker } : {}),
            }
          : { to: spec, external: true, typeOnly },
    );
    graph.set(rel, edges);
  }
  return graph;
}

/** The modules reachable from `entry` through runtime imports (worker entries too), the entry included. */
export function runtimeReach(graph: ImportGraph, entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const e of graph.get(file) ?? []) if (!e.external && !e.typeOnly) stack.push(e.to);
  }
  return seen;
}

/**
 * The cycles among modules through runtime imports (a worker's entry starts a new isolate, so it closes
 * no cycle), each as the modules on it
 * (Tarjan's strongly connected components; a component of more than one module, or a module that
 * imports itself, is a cycle).
 */
export function runtimeCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const e of graph.get(v) ?? []) {
      if (e.external || e.typeOnly || e.worker || !graph.has(e.to)) continue;
      if (!index.has(e.to)) {
        connect(e.to);
        low.set(v, Math.min(low.get(v)!, low.get(e.to)!));
      } else if (onStack.has(e.to)) low.set(v, Math.min(low.get(v)!, index.get(e.to)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    const selfLoop = (graph.get(v) ?? []).some((e) => e.to === v && !e.typeOnly);
    if (component.length > 1 || selfLoop) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return cycles;
}
