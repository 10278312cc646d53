import { stringify } from 'yaml';
import { formatPath, type ModelError, type Problem, readDocument } from '../lifecycle/index.ts';
import { printRule, type Rule, type Span } from '../rules/index.ts';
import { checkGraph } from './check-graph.ts';
import type { JourneyDefinition, JourneyNode, TimeOfDay, Trigger } from './model.ts';
import { JOURNEY_KEY, NODE_ID, numberIn, objectWith, rule, text } from './read-fields.ts';
import { readNode } from './read-node.ts';
import { readEntry, readGoal, readTrigger } from './read-trigger.ts';

/** A journey read from a document, or every problem found in it (each at its path, line and column). */
export type JourneyResult = { ok: true; journey: JourneyDefinition } | { ok: false; errors: ModelError[] };

const TOP = {
  required: ['key', 'name', 'trigger', 'start', 'nodes'],
  optional: ['description', 'entry', 'exit', 'goal', 'holdout'],
};

/**
 * Reads a journey from YAML or JSON text, or from parsed values. Rules are rule text or node trees;
 * durations `"2 days"`; times of day `"09:00"`. Checks the graph too (see `checkGraph`); what it
 * cannot know alone (that templates, topics and segments exist) `checkReferences` checks against a
 * workspace.
 */
export function journeyFromDocument(input: unknown, format?: 'yaml' | 'json'): JourneyResult {
  const read = readDocument(input, format);
  if (!read.ok) return read;
  const out: Problem[] = [];
  const journey = readJourney(read.value, out);
  if (out.length === 0 && journey) return { ok: true, journey };
  const errors = out.map(({ path, message }): ModelError => {
    const at = read.locate(path);
    const error: ModelError = { path: formatPath(path), message };
    return at ? { ...error, line: at.line, column: at.column } : error;
  });
  return { ok: false, errors };
}

function readJourney(value: unknown, out: Problem[]): JourneyDefinition | undefined {
  const v = objectWith(value, [], out, TOP.required, TOP.optional);
  if (!v) return undefined;
  const key = typeof v.key === 'string' && JOURNEY_KEY.test(v.key) ? v.key : undefined;
  if (key === undefined)
    out.push({
      path: ['key'],
      message: 'must be a key: lower-case letters, digits and -, starting with a letter',
    });
  const name = text(v.name, ['name'], out);
  const description =
    v.description === undefined ? '' : typeof v.description === 'string' ? v.description : undefined;
  if (description === undefined) out.push({ path: ['description'], message: 'must be text' });
  const trigger = readTrigger(v.trigger, ['trigger'], out);
  const entry = readEntry(v.entry, ['entry'], out);
  const exit = v.exit === undefined || v.exit === null ? null : rule(v.exit, ['exit'], out);
  const goal = readGoal(v.goal, ['goal'], out);
  const holdout = v.holdout === undefined ? 0 : numberIn(0, 0.5)(v.holdout, ['holdout'], out);
  const start = typeof v.start === 'string' && NODE_ID.test(v.start) ? v.start : undefined;
  if (start === undefined) out.push({ path: ['start'], message: 'must be the id of the first node' });
  if (!Array.isArray(v.nodes) || v.nodes.length === 0) {
    out.push({ path: ['nodes'], message: 'must be a non-empty list of nodes' });
    return undefined;
  }
  if (v.nodes.length > MAX_NODES) out.push({ path: ['nodes'], message: `holds at most ${MAX_NODES} nodes` });
  const nodes = v.nodes.map((n, i) => readNode(n, ['nodes', i], out));
  if (start !== undefined) checkGraph(start, nodes, out);
  if (out.length > 0) return undefined;
  return {
    key: key!,
    name: name!,
    description: description!,
    trigger: trigger!,
    entry: entry!,
    exit: exit ?? null,
    goal: goal ?? null,
    holdout: holdout!,
    start: start!,
    nodes: nodes as JourneyNode[],
  };
}

/** The most nodes a journey holds: a canvas people can read, and a bounded walk per step. */
export const MAX_NODES = 200;

const spanText = (s: Span) => `${s.amount} ${s.amount === 1 ? s.unit.slice(0, -1) : s.unit}`;
const clock = (t: TimeOfDay) => `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
const eventText = (e: { event: string; where?: unknown[] }) =>
  e.where?.length
    ? printRule({
        kind: 'performed',
        event: e as never,
        count: { op: 'atLeast', n: 1 },
        window: null,
      }).replace(/^performed /, '')
    : e.event;

/**
 * The journey as YAML, rules as text and durations as words; `journeyFromDocument` reads it back to the
 * same definition (journeys as code: the file a team reviews in git).
 */
export function journeyToDocument(journey: JourneyDefinition): string {
  return stringify(toPlain(journey), { lineWidth: 0 });
}

/** The document form as plain values (JSON-ready). */
export function toPlain(j: JourneyDefinition): Record<string, unknown> {
  const r = (x: Rule) => printRule(x);
  const doc: Record<string, unknown> = { key: j.key, name: j.name };
  if (j.description) doc.description = j.description;
  doc.trigger = triggerPlain(j.trigger);
  doc.entry =
    j.entry.mode === 'cooldown' ? { mode: 'cooldown', cooldown: spanText(j.entry.cooldown) } : j.entry;
  if (j.exit) doc.exit = r(j.exit);
  if (j.goal) {
    const g = j.goal;
    doc.goal = g.event
      ? { event: eventText(g.event), within: spanText(g.within) }
      : { rule: r(g.rule!), within: spanText(g.within) };
  }
  if (j.holdout) doc.holdout = j.holdout;
  doc.start = j.start;
  doc.nodes = j.nodes.map((n) => nodePlain(n, r));
  return doc;
}

function triggerPlain(t: Trigger): Record<string, unknown> {
  switch (t.kind) {
    case 'event':
      return { kind: 'event', event: eventText(t) };
    case 'date':
      return { ...t, at: clock(t.at) };
    case 'broadcast':
      return {
        kind: 'broadcast',
        segment: t.segment,
        at: new Date(t.at).toISOString(),
        ...(t.every ? { every: spanText(t.every) } : {}),
      };
    default:
      return { ...t };
  }
}

function nodePlain(n: JourneyNode, r: (x: Rule) => string): Record<string, unknown> {
  switch (n.kind) {
    case 'wait':
      return { ...n, duration: spanText(n.duration) };
    case 'wait-until':
      return {
        id: n.id,
        kind: n.kind,
        at: clock(n.at),
        ...(n.days.length ? { days: n.days } : {}),
        next: n.next,
      };
    case 'wait-for': {
      const out: Record<string, unknown> = { id: n.id, kind: n.kind };
      if (n.event) out.event = eventText(n.event);
      if (n.rule) out.rule = r(n.rule);
      return { ...out, timeout: spanText(n.timeout), next: n.next, timeoutNext: n.timeoutNext };
    }
    case 'branch':
      return { ...n, rule: r(n.rule) };
    case 'split':
      return { ...n, cases: n.cases.map((c) => ({ rule: r(c.rule), next: c.next })) };
    default:
      return { ...n };
  }
}
