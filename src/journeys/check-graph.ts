import type { Problem } from '../lifecycle/index.ts';
import type { JourneyNode, Next } from './model.ts';

/** The outgoing edges of a node, each with the key it is written under. */
export function edgesOf(node: JourneyNode): { key: (string | number)[]; to: Next }[] {
  switch (node.kind) {
    case 'wait-for':
      return [
        { key: ['next'], to: node.next },
        { key: ['timeoutNext'], to: node.timeoutNext },
      ];
    case 'branch':
      return [
        { key: ['yes'], to: node.yes },
        { key: ['no'], to: node.no },
      ];
    case 'split':
      return [
        ...node.cases.map((c, i) => ({ key: ['cases', i, 'next'], to: c.next })),
        { key: ['otherwise'], to: node.otherwise },
      ];
    case 'random':
      return node.variants.map((v, i) => ({ key: ['variants', i, 'next'], to: v.next }));
    case 'exit':
      return [];
    default:
      return [{ key: ['next'], to: node.next }];
  }
}

/** Nodes that hold a customer until time passes (or an event comes): the only ones a loop may pass. */
export const WAITS: ReadonlySet<JourneyNode['kind']> = new Set(['wait', 'wait-until', 'wait-for']);

/**
 * The checks on the graph as a whole: ids are unique, every edge names a node, every node can be
 * reached from the start, and every cycle passes a wait (else a step could run forever). Every path
 * ends by construction: an edge is a node or null (the end), and a wait-free cycle is refused.
 */
export function checkGraph(start: string, nodes: readonly (JourneyNode | undefined)[], out: Problem[]): void {
  const index = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (!node) return;
    if (index.has(node.id))
      out.push({ path: ['nodes', i, 'id'], message: `"${node.id}" is the id of an earlier node too` });
    else index.set(node.id, i);
  });
  if (!index.has(start) && nodes.every((n) => n !== undefined))
    out.push({
      path: ['start'],
      message: `names no node; nodes are ${[...index.keys()].join(', ') || 'none'}`,
    });
  for (const [i, node] of nodes.entries()) {
    if (!node) continue;
    for (const edge of edgesOf(node)) {
      if (edge.to !== null && !index.has(edge.to))
        out.push({ path: ['nodes', i, ...edge.key], message: `names no node: "${edge.to}"` });
    }
  }
  if (out.length > 0) return;
  const byId = new Map(nodes.map((n) => [n!.id, n!]));
  const reached = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const e of edgesOf(byId.get(id)!)) if (e.to !== null) queue.push(e.to);
  }
  nodes.forEach((n, i) => {
    if (!reached.has(n!.id))
      out.push({ path: ['nodes', i], message: `node "${n!.id}" cannot be reached from the start` });
  });
  const loop = waitFreeCycle(byId);
  if (loop) {
    const i = nodes.findIndex((n) => n!.id === loop[0]);
    out.push({
      path: ['nodes', i],
      message: `the loop ${loop.join(' → ')} → ${loop[0]} has no wait: add a wait node to it`,
    });
  }
}

/** A cycle through nodes that are not waits, as its node ids, or null (depth-first, colouring nodes). */
function waitFreeCycle(byId: Map<string, JourneyNode>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    const node = byId.get(id)!;
    if (WAITS.has(node.kind)) return null;
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'open') return stack.slice(stack.indexOf(id));
    state.set(id, 'open');
    stack.push(id);
    for (const e of edgesOf(node)) {
      const found = e.to === null ? null : visit(e.to);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of byId.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return null;
}
