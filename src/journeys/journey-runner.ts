import { type Clock, isTimeZone, type Message } from '../core/index.ts';
import type {
  CustomerContext,
  CustomerEffects,
  CustomerRecord,
  EngineReactor,
  EngineUnit,
  StepEffects,
} from '../engine/index.ts';
import { DEFAULT_IDENTITY_SETTINGS, type IngestTransaction, ingestMessages } from '../identity/index.ts';
import type { Job, JobHandler, JobResult, JobWritesInUnit } from '../jobs/index.ts';
import type { NewOutboxMessage } from '../messaging/index.ts';
import type { RuleContext } from '../rules/index.ts';
import { spanMs } from '../rules/index.ts';
import { type CompiledJourney, compileJourney } from './compile-journey.ts';
import type { Entry, StepInput, StepResult } from './entry.ts';
import { mayEnter } from './entry-policy.ts';
import type { JourneyWritesInUnit, NewEntry, RunningJourney, StoredStep } from './journey-storage.ts';
import { stepEntry } from './step.ts';
import { propertiesOf, triggerOf } from './triggers.ts';

/** The write unit journeys run in: the engine's facet (contexts), theirs, the jobs', ingest's (set-trait). */
export type JourneyUnit = EngineUnit & {
  readonly journeys: JourneyWritesInUnit;
  readonly jobs: JobWritesInUnit;
  readonly ingest: IngestTransaction;
};

export type JourneyRunnerOptions<U extends JourneyUnit> = {
  clock: Clock;
  /** Runs `fn` in one write unit (the store's `write`). */
  write: <T>(fn: (unit: U) => Promise<T>) => Promise<T>;
  /** The customers' rule contexts now, inside the unit (the engine's `contexts`). */
  contexts: (
    unit: U,
    workspaceId: number,
    customerIds: number[],
    now: number,
  ) => Promise<Map<number, CustomerContext>>;
  /** Writes a step's messages to the outbox, in the unit (the messaging capability's facet). */
  deliver: (unit: U, messages: NewOutboxMessage[], now: number) => Promise<unknown>;
  /** A paused journey's timer looks again after this long. */
  pausedRetryMs?: number;
};

export const WAKE_KIND = 'journey.wake';
const wakeKey = (e: Entry) => `${WAKE_KIND}:${e.journeyId}:${e.id}`;

/**
 * Runs journeys: enrols customers from the engine's step effects (as a reactor, in the step's unit),
 * moves their entries on their events, and on their timers (a jobs handler). Every entry's step, its
 * path, its messages and its next timer commit in one unit, so a crash or a retry neither loses nor
 * repeats anything: enrolment is unique per cause, outbox rows per (version, node, entry).
 */
export class JourneyRunner<U extends JourneyUnit> {
  readonly #options: JourneyRunnerOptions<U>;
  readonly #compiled = new Map<string, CompiledJourney>();

  constructor(options: JourneyRunnerOptions<U>) {
    this.#options = options;
  }

  #compile(j: RunningJourney): CompiledJourney {
    const key = `${j.id}:${j.version}`;
    let c = this.#compiled.get(key);
    if (!c) {
      c = compileJourney(j.id, j.version, j.definition);
      this.#compiled.set(key, c);
    }
    return c;
  }

  /** The engine reactor: enrols and moves the step's customers in the step's own unit. */
  readonly reactor: EngineReactor<U> = async (unit, effects) => {
    const running = await unit.journeys.running(effects.workspaceId);
    if (running.length === 0) return;
    const journeys = new Map(running.map((j) => [j.id, { status: j.status, compiled: this.#compile(j) }]));
    // Versions customers are still inside, though a newer one is live: compiled on demand below.
    await this.#moveOpenEntries(unit, effects, journeys);
    await this.#enrol(
      unit,
      effects,
      [...journeys.values()].filter((j) => j.status === 'live').map((j) => j.compiled),
    );
  };

  async #enrol(unit: U, effects: StepEffects, live: CompiledJourney[]): Promise<void> {
    if (live.length === 0) return;
    const { workspaceId, now } = effects;
    const candidates: {
      journey: CompiledJourney;
      c: CustomerEffects;
      cause: string;
      event: NewEntry['event'];
    }[] = [];
    for (const c of effects.customers) {
      for (const journey of live) {
        const t = triggerOf(journey, c);
        if (t) candidates.push({ journey, c, cause: t.cause, event: t.event });
      }
    }
    if (candidates.length === 0) return;
    const latest = await unit.journeys.latestEntries(
      workspaceId,
      [...new Set(candidates.map((x) => x.journey.id))],
      [...new Set(candidates.map((x) => x.c.customerId))],
    );
    const admitted = candidates.filter((x) =>
      mayEnter(x.journey.definition.entry, latest.get(`${x.journey.id}:${x.c.customerId}`), now),
    );
    const created = await unit.journeys.insertEntries(
      admitted.map((x) => ({
        workspaceId,
        journeyId: x.journey.id,
        version: x.journey.version,
        customerId: x.c.customerId,
        cause: x.cause,
        enteredAt: now,
        goalUntil: x.journey.definition.goal ? now + spanMs(x.journey.definition.goal.within) : null,
        event: x.event,
      })),
    );
    const byKey = new Map(admitted.map((x) => [`${x.journey.id}:${x.c.customerId}`, x]));
    const steps = created.map((entry) => {
      const x = byKey.get(`${entry.journeyId}:${entry.customerId}`)!;
      return {
        entry,
        journey: x.journey,
        record: x.c.record,
        result: this.#step(x.journey, entry, { kind: 'enter' }, x.c.record, x.c.context),
      };
    });
    await this.#apply(unit, workspaceId, now, steps);
  }

  /** Feeds the step's events (or, with none, its moves and segment changes) to the customers' open entries. */
  async #moveOpenEntries(
    unit: U,
    effects: StepEffects,
    journeys: Map<number, { status: string; compiled: CompiledJourney }>,
  ): Promise<void> {
    const open = await unit.journeys.openEntries(
      effects.workspaceId,
      effects.customers.map((c) => c.customerId),
    );
    if (open.length === 0) return;
    const byCustomer = new Map(effects.customers.map((c) => [c.customerId, c]));
    const steps = [];
    for (const entry of open) {
      const running = journeys.get(entry.journeyId);
      if (running?.status !== 'live') continue;
      const journey = await this.#version(unit, running.compiled, entry);
      const c = byCustomer.get(entry.customerId)!;
      const inputs: StepInput[] = c.events.length
        ? c.events.map((e) => ({
            kind: 'event',
            event: {
              type: e.type,
              name: e.name,
              timestamp: e.timestamp,
              properties: propertiesOf(e.payload),
            },
          }))
        : [{ kind: 'time' }];
      let current = entry;
      const path: StepResult['path'] = [];
      const actions: StepResult['actions'] = [];
      for (const input of inputs) {
        const r = this.#step(journey, current, input, c.record, c.context);
        current = r.entry;
        path.push(...r.path);
        actions.push(...r.actions);
      }
      if (path.length > 0 || actions.length > 0)
        steps.push({ entry, journey, record: c.record, result: { entry: current, path, actions } });
    }
    await this.#apply(unit, effects.workspaceId, effects.now, steps);
  }

  /** The compiled version an entry runs: the live one, or the older one it entered under. */
  async #version(unit: U, live: CompiledJourney, entry: Entry): Promise<CompiledJourney> {
    if (entry.version === live.version) return live;
    const cached = this.#compiled.get(`${entry.journeyId}:${entry.version}`);
    if (cached) return cached;
    const definition = await unit.journeys.definitionOf(entry.journeyId, entry.version);
    return this.#compile({ id: entry.journeyId, version: entry.version, status: 'live', definition });
  }

  #step(
    journey: CompiledJourney,
    entry: Entry,
    input: StepInput,
    record: CustomerRecord,
    ctx: RuleContext,
  ): StepResult {
    const tz = record.traits.timezone;
    const timeZone = typeof tz === 'string' && isTimeZone(tz) ? tz : 'UTC';
    return stepEntry(journey, entry, input, { ctx, timeZone });
  }

  /** Writes the steps' entries, paths, messages, trait changes and timers, in the unit. */
  async #apply(
    unit: U,
    workspaceId: number,
    now: number,
    steps: { entry: Entry; journey: CompiledJourney; record: CustomerRecord; result: StepResult }[],
    ownKey?: string,
  ): Promise<void> {
    if (steps.length === 0) return;
    await unit.journeys.saveEntries(steps.map((s) => s.result.entry));
    const path: StoredStep[] = steps.flatMap((s) =>
      s.result.path.map((p) => ({ ...p, entryId: s.entry.id })),
    );
    await unit.journeys.appendSteps(path);
    const messages: NewOutboxMessage[] = [];
    const traits: Message[] = [];
    for (const { journey, record, result } of steps) {
      const e = result.entry;
      for (const a of result.actions) {
        if (a.kind === 'send') {
          messages.push({
            workspaceId,
            customerId: e.customerId,
            channel: a.channel,
            template: a.template,
            idempotencyKey: `j:${e.journeyId}:v${journey.version}:${a.nodeId}:${e.id}`,
            origin: {
              journeyId: e.journeyId,
              version: journey.version,
              nodeId: a.nodeId,
              entryId: e.id,
              variant: e.variant,
            },
            event: e.event,
            topic: a.topic,
            transactional: a.topic === null,
            notBefore: now,
            quietHours: a.quietHours,
            onCap: a.onCap,
            sendTime: a.sendTime,
          });
        } else {
          traits.push({
            messageId: `loopline:journey:${e.id}:${a.nodeId}`,
            type: 'identify',
            userId: record.userId,
            anonymousId: record.userId ? null : record.anonymousId,
            name: null,
            timestamp: now,
            receivedAt: now,
            payload: {
              traits: { [a.trait]: a.value },
              context: { library: { name: 'loopline', version: '1' } },
            },
          });
        }
      }
    }
    if (messages.length > 0) await this.#options.deliver(unit, messages, now);
    if (traits.length > 0)
      await ingestMessages(unit.ingest, workspaceId, traits, DEFAULT_IDENTITY_SETTINGS, now);
    await this.#schedule(
      unit,
      workspaceId,
      now,
      steps.map((s) => ({ before: s.entry, after: s.result.entry })),
      ownKey,
    );
  }

  /** The entries' next timers: a wait's end or timeout, or the close of an ended entry's goal window. */
  async #schedule(
    unit: U,
    workspaceId: number,
    now: number,
    changes: { before: Entry; after: Entry }[],
    ownKey: string | undefined,
  ): Promise<void> {
    const jobs = [];
    const cancel = [];
    for (const { before, after } of changes) {
      const at = nextWake(after);
      const key = wakeKey(after);
      if (at !== null) {
        if (at !== nextWake(before) || key === ownKey)
          jobs.push({ workspaceId, kind: WAKE_KIND, key, runAt: at, payload: { entryId: after.id } });
      } else if (nextWake(before) !== null && key !== ownKey) cancel.push(key);
    }
    if (jobs.length > 0) await unit.jobs.enqueue(jobs, { now, onConflict: 'replace' });
    if (cancel.length > 0) await unit.jobs.cancel(workspaceId, cancel);
  }

  /** The jobs handler of `journey.wake`: one entry's timer came due. */
  readonly wake: JobHandler = async (job: Job): Promise<JobResult | undefined> => {
    const entryId = Number(job.payload.entryId);
    return this.#options.write(async (unit) => {
      const now = this.#options.clock.now();
      const [entry] = await unit.journeys.entriesById(job.workspaceId, [entryId]);
      if (!entry) return undefined;
      if (entry.status === 'ended') {
        if (entry.goalUntil !== null && entry.convertedAt === null && now >= entry.goalUntil) {
          await unit.journeys.saveEntries([{ ...entry, goalUntil: null }]);
        }
        return undefined;
      }
      const running = (await unit.journeys.running(job.workspaceId)).find((j) => j.id === entry.journeyId);
      if (!running) return undefined;
      if (running.status === 'paused') return { rerunAt: now + (this.#options.pausedRetryMs ?? 15 * 60_000) };
      const journey = await this.#version(unit, this.#compile(running), entry);
      const ctx = (await this.#options.contexts(unit, job.workspaceId, [entry.customerId], now)).get(
        entry.customerId,
      );
      if (!ctx) return undefined;
      const result = this.#step(journey, entry, { kind: 'time' }, ctx.record, ctx.context);
      // This job is the entry's timer: a next wake replaces it under the same key (its completion then
      // leaves the new run in place); with none, its completion deletes it.
      await this.#apply(
        unit,
        job.workspaceId,
        now,
        [{ entry, journey, record: ctx.record, result }],
        job.key,
      );
      return undefined;
    });
  };
}

/** When an entry must be looked at with no event: its wake, or the close of its goal window once it ended. */
export function nextWake(e: Entry): number | null {
  if (e.status !== 'ended') return e.wakeAt;
  return e.goalUntil !== null && e.convertedAt === null ? e.goalUntil : null;
}
