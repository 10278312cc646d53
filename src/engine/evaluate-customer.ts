import type { JsonObject } from '../core/index.ts';
import type { FeatureMap, FeaturePlan } from '../features/index.ts';
import type { RuleContext } from '../rules/index.ts';
import type { WorkspaceRuntime } from './runtime.ts';
import type {
  CustomerRecord,
  CustomerState,
  EngineEvent,
  MoveCause,
  SegmentChange,
  StageMove,
} from './types.ts';

/** One evaluation of one customer: why it happens, when, and what new events it folds in. */
export type Pass = {
  runtime: WorkspaceRuntime;
  now: number;
  cause: MoveCause;
  /** The time recorded on a move: now, or for a timer the moment it was due. */
  at: number;
  /** The customer's new events in this pass, in log order. */
  events: readonly EngineEvent[];
  /** When set, features are rebuilt from these events (the customer's whole log) instead. */
  rebuild: readonly EngineEvent[] | null;
};

export type CustomerResult = {
  state: CustomerState;
  move: StageMove | null;
  segmentChanges: SegmentChange[];
  /** The stage the pass's events happened in: the stage before the pass, or after it for a newcomer. */
  eventStage: string | null;
};

/**
 * True when the customer's features must be rebuilt from the log before this pass can use them: they
 * were built under another plan, merged, or never built (events that arrived before the workspace had
 * a model or segments are in the log all the same).
 */
export function needsRebuild(record: CustomerRecord, plan: FeaturePlan): boolean {
  return record.state === null || record.state.signature !== plan.signature;
}

/** Folds events into features, parsing a payload only when some feature counts that kind of event. */
export function foldEvents(
  plan: FeaturePlan,
  features: FeatureMap,
  events: readonly EngineEvent[],
  now: number,
): void {
  for (const e of events) {
    if (!plan.wants(e.type, e.name)) continue;
    const payload = e.payload === null ? undefined : (JSON.parse(e.payload) as JsonObject);
    const properties = payload?.properties;
    plan.apply(
      features,
      {
        type: e.type,
        name: e.name,
        timestamp: e.timestamp,
        properties:
          properties && typeof properties === 'object' && !Array.isArray(properties) ? properties : undefined,
      },
      now,
    );
  }
}

/** The rule context of a customer at `now`. */
export function customerContext(
  record: CustomerRecord,
  state: CustomerState,
  plan: FeaturePlan,
  now: number,
): RuleContext {
  const features = state.features;
  return {
    now,
    traits: record.traits,
    firstSeen: record.firstSeen,
    lastActivity: record.lastSeen,
    stage: state.stage,
    stageSince: state.stageSince,
    segments: new Set(state.segments),
    predictions: state.predictions,
    events: (key) => plan.read(features, key),
  };
}

/** The state of a customer the engine has not seen yet. */
export function emptyState(): CustomerState {
  return {
    stage: null,
    stageSince: null,
    modelVersion: null,
    segments: [],
    features: new Map(),
    signature: null,
    predictions: {},
    wakeAt: null,
  };
}

/**
 * Evaluates one customer: folds the new events into their features, decides their stage under the
 * active model, then their rule segments, and computes when to look at them again if nothing happens.
 * Pure: the caller loads the record and writes back what this returns.
 */
export function evaluateCustomer(record: CustomerRecord, pass: Pass): CustomerResult {
  const { runtime, now } = pass;
  const plan = runtime.plan;
  const before = record.state ?? emptyState();
  const state: CustomerState = { ...before, segments: [...before.segments] };
  if (pass.rebuild) {
    state.features = new Map();
    foldEvents(plan, state.features, pass.rebuild, now);
  } else {
    foldEvents(plan, state.features, pass.events, now);
  }
  state.signature = plan.signature;
  plan.prune(state.features, now);

  let move: StageMove | null = null;
  const ctx = customerContext(record, state, plan, now);
  if (runtime.model) {
    const decision = runtime.model.decide(ctx);
    if (decision.stage !== before.stage) {
      move = {
        customerId: record.id,
        from: before.stage,
        to: decision.stage,
        at: pass.at,
        cause: pass.cause,
        eventId: pass.events.at(-1)?.id ?? null,
        modelVersion: runtime.modelVersion,
        rule: runtime.ruleTexts.get(decision.stage) ?? '',
        facts: decision.evaluation.facts,
      };
      state.stage = decision.stage;
      state.stageSince = pass.at;
    }
    state.modelVersion = runtime.modelVersion;
  }

  const segmentChanges: SegmentChange[] = [];
  if (runtime.segments.length > 0) {
    const after = customerContext(record, state, plan, now);
    const members = new Set(state.segments);
    for (const segment of runtime.segments) {
      const isIn = segment.rule.test(after);
      if (isIn === members.has(segment.key)) continue;
      if (isIn) members.add(segment.key);
      else members.delete(segment.key);
      segmentChanges.push({
        segmentId: segment.id,
        segment: segment.key,
        customerId: record.id,
        entered: isIn,
        at: pass.at,
      });
    }
    // Keys of segments that no longer exist drop out; static memberships stay as they are.
    state.segments = [...members].filter((key) => runtime.segmentIds.has(key)).sort();
  }

  state.wakeAt = nextWake(runtime, customerContext(record, state, plan, now));
  return { state, move, segmentChanges, eventStage: before.stage ?? state.stage };
}

function nextWake(runtime: WorkspaceRuntime, ctx: RuleContext): number | null {
  let wake = runtime.model?.nextChange(ctx) ?? null;
  for (const segment of runtime.segments) {
    const t = segment.rule.nextChange(ctx);
    if (t !== null && (wake === null || t < wake)) wake = t;
  }
  return wake;
}
