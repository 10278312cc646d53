import type { Clock } from '../core/index.ts';
import { encodeFeatures } from '../features/index.ts';
import type { RuleContext } from '../rules/index.ts';
import type { EngineStore, EngineTx, EngineUnit } from './engine-store.ts';
import {
  type CustomerResult,
  customerContext,
  emptyState,
  evaluateCustomer,
  foldEvents,
  needsRebuild,
} from './evaluate-customer.ts';
import { segmentEvent, stageEvents } from './internal-events.ts';
import type { CustomerEffects, EngineReactor } from './reactor.ts';
import { WorkspaceRuntime } from './runtime.ts';
import type { CustomerRecord, CustomerState, EngineEvent, MoveCause } from './types.ts';

/** A customer as a capability outside the engine's step reads them: profile, state and rule context. */
export type CustomerContext = { record: CustomerRecord; state: CustomerState; context: RuleContext };

export type EngineOptions<U extends EngineUnit = EngineUnit> = {
  /** Most events one pass claims from the log. */
  eventBatch?: number;
  /** Most due customers or recompute customers one pass evaluates. */
  customerBatch?: number;
  /** Capabilities acting on each step's decisions inside its write unit, in order. */
  reactors?: EngineReactor<U>[];
};

/** The most one step takes on: events from the log, and due or recompute customers. */
export type StepSize = { events: number; customers: number };

/** An engine as its callers drive it, whatever its store's write unit. */
export type EngineSteps = Pick<Engine, 'step' | 'runUntilIdle' | 'runtime'>;

/** What one step did; `idle` when it found nothing at all to do (finishing a recompute job is work). */
export type StepReport = { events: number; due: number; recomputed: number; moves: number; idle: boolean };

type Work = { record: CustomerRecord; events: EngineEvent[]; cause: MoveCause; at: number };

/**
 * The lifecycle engine. Each step is one write transaction that (1) folds newly logged events into
 * their customers' features and re-decides their stage and segments, (2) re-evaluates customers whose
 * next rule change has come (timers: no periodic scans), and (3) advances a model-change recompute by
 * one slice. Everything a step does commits together with the log position it reached, so a crash
 * or a retry never counts an event twice nor loses a move.
 */
export class Engine<U extends EngineUnit = EngineUnit> {
  readonly #store: EngineStore<U>;
  readonly #clock: Clock;
  readonly #eventBatch: number;
  readonly #customerBatch: number;
  readonly #reactors: readonly EngineReactor<U>[];
  readonly #runtimes = new Map<number, WorkspaceRuntime>();

  constructor(store: EngineStore<U>, clock: Clock, options: EngineOptions<U> = {}) {
    this.#store = store;
    this.#clock = clock;
    this.#eventBatch = options.eventBatch ?? 5000;
    this.#customerBatch = options.customerBatch ?? 2000;
    this.#reactors = options.reactors ?? [];
  }

  /**
   * One step; returns what it did (all zero when there was nothing to do). `size` bounds this step
   * below the engine's batches, for a caller that must not hold the writer long.
   */
  step(size?: StepSize): Promise<StepReport> {
    const events = Math.min(size?.events ?? this.#eventBatch, this.#eventBatch);
    const customers = Math.min(size?.customers ?? this.#customerBatch, this.#customerBatch);
    return this.#store.write(async (unit) => {
      const tx = unit.engine;
      const now = this.#clock.now();
      const report: StepReport = { events: 0, due: 0, recomputed: 0, moves: 0, idle: false };
      await this.#refresh(tx);
      const claimed = await tx.claimEvents(events);
      const processed = claimed.upTo;
      report.events = claimed.events.length;
      if (claimed.events.length > 0)
        report.moves += await this.#processEvents(unit, claimed.events, processed, now);
      const due = await tx.dueCustomers(now, customers);
      report.due = due.length;
      report.moves += await this.#processDue(unit, due, processed, now);
      const recompute = await this.#processRecompute(unit, processed, now, customers);
      report.recomputed = recompute.customers;
      report.moves += recompute.moves;
      report.idle = claimed.events.length === 0 && due.length === 0 && !recompute.worked;
      await tx.finishEvents(processed);
      return report;
    });
  }

  /** Steps until a step finds nothing to do; returns the summed report. */
  async runUntilIdle(): Promise<StepReport> {
    const total: StepReport = { events: 0, due: 0, recomputed: 0, moves: 0, idle: true };
    for (;;) {
      const r = await this.step();
      total.events += r.events;
      total.due += r.due;
      total.recomputed += r.recomputed;
      total.moves += r.moves;
      if (r.idle) return total;
    }
  }

  /** The compiled configuration of a workspace (for explanations and dry runs outside a step). */
  async runtime(workspaceId: number): Promise<WorkspaceRuntime> {
    return this.#store.write(async (unit) => {
      await this.#refresh(unit.engine);
      return this.#runtimes.get(workspaceId) ?? new WorkspaceRuntime(workspaceId, 0, null, []);
    });
  }

  async #refresh(tx: EngineTx): Promise<void> {
    for (const [workspaceId, generation] of await tx.generations()) {
      if (this.#runtimes.get(workspaceId)?.generation === generation) continue;
      const source = await tx.runtimeSource(workspaceId);
      this.#runtimes.set(
        workspaceId,
        new WorkspaceRuntime(workspaceId, source.generation, source.active, source.segments, source.watchers),
      );
    }
  }

  #active(workspaceId: number): WorkspaceRuntime | null {
    const runtime = this.#runtimes.get(workspaceId);
    const idle =
      runtime && runtime.model === null && runtime.segments.length === 0 && runtime.watchers.length === 0;
    if (!runtime || idle) return null;
    return runtime;
  }

  async #processEvents(unit: U, events: EngineEvent[], upTo: number, now: number): Promise<number> {
    const byWorkspace = new Map<number, Map<number, EngineEvent[]>>();
    for (const e of events) {
      let customers = byWorkspace.get(e.workspaceId);
      if (!customers) {
        customers = new Map();
        byWorkspace.set(e.workspaceId, customers);
      }
      const list = customers.get(e.customerId);
      if (list) list.push(e);
      else customers.set(e.customerId, [e]);
    }
    let moves = 0;
    for (const [workspaceId, customers] of byWorkspace) {
      const runtime = this.#active(workspaceId);
      if (!runtime) continue;
      const records = await unit.engine.loadCustomers(workspaceId, [...customers.keys()]);
      const work: Work[] = [];
      for (const [id, list] of customers) {
        const record = records.get(id);
        if (record) work.push({ record, events: list, cause: 'event', at: now });
      }
      moves += await this.#evaluate(unit, runtime, work, upTo, now);
    }
    return moves;
  }

  async #processDue(
    unit: U,
    due: { workspaceId: number; customerId: number; wakeAt: number }[],
    upTo: number,
    now: number,
  ): Promise<number> {
    const byWorkspace = new Map<number, Map<number, number>>();
    for (const d of due) {
      const m = byWorkspace.get(d.workspaceId) ?? new Map<number, number>();
      m.set(d.customerId, d.wakeAt);
      byWorkspace.set(d.workspaceId, m);
    }
    let moves = 0;
    for (const [workspaceId, wakes] of byWorkspace) {
      const runtime = this.#runtimes.get(workspaceId) ?? new WorkspaceRuntime(workspaceId, 0, null, []);
      const records = await unit.engine.loadCustomers(workspaceId, [...wakes.keys()]);
      const work: Work[] = [...records.values()].map((record) => ({
        record,
        events: [],
        cause: 'time',
        at: Math.min(now, wakes.get(record.id)!),
      }));
      moves += await this.#evaluate(unit, runtime, work, upTo, now);
    }
    return moves;
  }

  async #processRecompute(
    unit: U,
    upTo: number,
    now: number,
    batch: number,
  ): Promise<{ customers: number; moves: number; worked: boolean }> {
    const tx = unit.engine;
    const job = await tx.pendingRecompute();
    if (!job) return { customers: 0, moves: 0, worked: false };
    const runtime = this.#runtimes.get(job.workspaceId);
    const ids = await tx.customersAfter(job.workspaceId, job.cursor, batch);
    // A job names the model version it recomputes for (0 without a model); a newer publish replaces it.
    if (!runtime || (runtime.modelVersion ?? 0) !== job.version || ids.length === 0) {
      await tx.advanceRecompute(job, job.cursor, job.done, now);
      return { customers: 0, moves: 0, worked: true };
    }
    const records = await tx.loadCustomers(job.workspaceId, ids);
    const work: Work[] = [...records.values()].map((record) => ({
      record,
      events: [],
      cause: 'model',
      at: now,
    }));
    const moves = await this.#evaluate(unit, runtime, work, upTo, now);
    await tx.advanceRecompute(job, ids.at(-1)!, job.done + ids.length, null);
    return { customers: ids.length, moves, worked: true };
  }

  /** Evaluates customers and writes their states, moves, memberships and the engine's own events. */
  async #evaluate(
    unit: U,
    runtime: WorkspaceRuntime,
    work: Work[],
    upTo: number,
    now: number,
  ): Promise<number> {
    const tx = unit.engine;
    const workspaceId = runtime.workspaceId;
    const results: { work: Work; result: CustomerResult }[] = [];
    // One read for all the logs a rebuild needs: a recompute slice is a run of consecutive ids.
    const rebuilding = new Set(
      work.filter((w) => needsRebuild(w.record, runtime.plan)).map((w) => w.record.id),
    );
    const logs =
      rebuilding.size > 0 ? await tx.customerLogs(workspaceId, [...rebuilding], upTo, runtime.plan) : null;
    for (const w of work) {
      const rebuild = rebuilding.has(w.record.id) ? (logs?.get(w.record.id) ?? []) : null;
      const result = evaluateCustomer(w.record, {
        runtime,
        now,
        cause: w.cause,
        at: w.at,
        events: w.events,
        rebuild,
      });
      results.push({ work: w, result });
    }

    const moved = results.filter((r) => r.result.move !== null);
    const moveIds = await tx.recordMoves(
      workspaceId,
      moved.map((r) => r.result.move!),
    );
    const changes = results.flatMap((r) => r.result.segmentChanges);
    if (changes.length > 0) await tx.applySegmentChanges(workspaceId, changes);

    const messages = [];
    const owner = new Map<number, CustomerResult>();
    for (let i = 0; i < moved.length; i++) {
      const { work: w, result } = moved[i]!;
      for (const m of stageEvents(w.record, result.move!, moveIds[i]!, now))
        messages.push({ customerId: w.record.id, message: m });
    }
    for (const { work: w, result } of results) {
      owner.set(w.record.id, result);
      for (const c of result.segmentChanges) {
        messages.push({ customerId: w.record.id, message: segmentEvent(w.record, c, String(c.at), now) });
      }
    }
    if (messages.length > 0) {
      // The engine's own events feed features like any other, without another decision in this pass
      // (a rule on "Stage Entered" sees it from the customer's next pass), so passes cannot loop.
      const appended = await tx.appendEvents(workspaceId, messages);
      for (const e of appended) {
        const result = owner.get(e.customerId);
        if (result) foldEvents(runtime.plan, result.state.features, [e], now);
      }
    }

    // Most customers of a recompute or a timer pass end where they were: their row is left alone.
    const changed = [];
    for (const { work: w, result } of results) {
      const before = w.record.state;
      const state = result.state;
      state.featuresText = encodeFeatures(state.features);
      const same =
        before !== null &&
        result.move === null &&
        result.segmentChanges.length === 0 &&
        state.featuresText === before.featuresText &&
        state.wakeAt === before.wakeAt &&
        state.signature === before.signature &&
        state.modelVersion === before.modelVersion;
      if (!same) changed.push({ customerId: w.record.id, state });
    }
    if (changed.length > 0) await tx.saveStates(workspaceId, changed, now);
    const stages = [];
    for (const { work: w, result } of results) {
      if (result.eventStage === null) continue;
      for (const e of w.events) stages.push({ eventId: e.id, stage: result.eventStage });
    }
    if (stages.length > 0) await tx.setEventStages(workspaceId, stages);
    if (this.#reactors.length > 0) await this.#react(unit, runtime, now, results, moveIds);
    return moved.length;
  }

  /** Hands the step's decisions to the reactors, in the same write unit. */
  async #react(
    unit: U,
    runtime: WorkspaceRuntime,
    now: number,
    results: { work: Work; result: CustomerResult }[],
    moveIds: number[],
  ): Promise<void> {
    const customers: CustomerEffects[] = [];
    let m = 0;
    for (const { work: w, result } of results) {
      const move = result.move && { ...result.move, id: moveIds[m++]! };
      if (w.events.length === 0 && !move && result.segmentChanges.length === 0) continue;
      customers.push({
        customerId: w.record.id,
        record: w.record,
        events: w.events,
        move,
        segmentChanges: result.segmentChanges,
        state: result.state,
        context: customerContext(w.record, result.state, runtime.plan, now),
      });
    }
    if (customers.length === 0) return;
    const workspaceId = runtime.workspaceId;
    for (const react of this.#reactors) await react(unit, { workspaceId, now, customers });
  }

  /**
   * The rule contexts of some customers at `now`, as the engine's next pass would see them, inside the
   * caller's write unit and without writing anything: for a capability that evaluates its watched rules
   * when a timer of its own fires (a journey's wait ends). Features built under an older plan are
   * rebuilt from the log in memory, as a pass would. Customers the workspace does not have are left out.
   */
  async contexts(
    unit: U,
    workspaceId: number,
    customerIds: number[],
    now: number,
  ): Promise<Map<number, CustomerContext>> {
    await this.#refresh(unit.engine);
    const runtime = this.#runtimes.get(workspaceId) ?? new WorkspaceRuntime(workspaceId, 0, null, []);
    const records = await unit.engine.loadCustomers(workspaceId, customerIds);
    const stale = [...records.values()].filter((r) => needsRebuild(r, runtime.plan)).map((r) => r.id);
    const logs =
      stale.length > 0
        ? await unit.engine.customerLogs(workspaceId, stale, Number.MAX_SAFE_INTEGER, runtime.plan)
        : null;
    const out = new Map<number, CustomerContext>();
    for (const record of records.values()) {
      let state = record.state ?? emptyState();
      const log = logs?.get(record.id);
      if (log) {
        state = { ...state, features: new Map() };
        foldEvents(runtime.plan, state.features, log, now);
      }
      out.set(record.id, { record, state, context: customerContext(record, state, runtime.plan, now) });
    }
    return out;
  }
}
