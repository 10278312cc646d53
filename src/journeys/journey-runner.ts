import { type Clock, GroupCommit, isTimeZone, type Message } from '../core/index.ts';
import type {
  CustomerContext,
  CustomerEffects,
  CustomerRecord,
  EngineReactor,
  EngineUnit,
  StepEffects,
} from '../engine/index.ts';
import { DEFAULT_IDENTITY_SETTINGS, type IngestTransaction, ingestMessages } from '../identity/index.ts';
import type { Job, JobHandler, JobResult, JobWritesInUnit, NewJob } from '../jobs/index.ts';
import type { NewOutboxMessage } from '../messaging/index.ts';
import type { RuleContext } from '../rules/index.ts';
import { spanMs } from '../rules/index.ts';
import { firstBroadcast, nextBroadcast } from './broadcast-trigger.ts';
import { type CompiledJourney, compileJourney } from './compile-journey.ts';
import { nextDateOccurrence } from './date-trigger.ts';
import type { Entry, StepInput, StepResult } from './entry.ts';
import { mayEnter } from './entry-policy.ts';
import type { JourneyWritesInUnit, RunningJourney, StoredStep } from './journey-storage.ts';
import type { Trigger } from './model.ts';
import { stepEntry } from './step.ts';
import { type Candidate, touchesTraits, traitChanges } from './trait-trigger.ts';
import { BROADCAST_KIND, broadcastKey, DATE_KIND, dateKey } from './trigger-jobs.ts';
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

/** Customers a date journey's arm job schedules per run, and a broadcast enrols per run (each one unit). */
const ARM_PAGE = 1000;
const NO_KEYS: ReadonlySet<string> = new Set();
const BROADCAST_PAGE = 200;
/** Entries a publish's node mapping moves per run (each page one unit). */
const MOVE_PAGE = 500;

/** A customer's zone from their `timezone` trait, else UTC. */
const zoneOf = (tz: unknown) => (typeof tz === 'string' && isTimeZone(tz) ? tz : 'UTC');

const dateJob = (workspaceId: number, journeyId: number, customerId: number, runAt: number): NewJob => ({
  workspaceId,
  kind: DATE_KIND,
  key: dateKey(journeyId, customerId),
  runAt,
  payload: { journeyId, customerId },
});

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
    const candidates: Candidate[] = [];
    for (const c of effects.customers) {
      for (const journey of live) {
        const t = triggerOf(journey, c);
        if (t) candidates.push({ journey, customerId: c.customerId, ctx: c, cause: t.cause, event: t.event });
      }
    }
    const byTrait = live.filter((j) => j.definition.trigger.kind === 'trait');
    if (byTrait.length > 0) candidates.push(...(await traitChanges(unit, effects, byTrait)));
    await this.#admit(unit, workspaceId, now, candidates);
    const byDate = live.filter((j) => j.definition.trigger.kind === 'date');
    if (byDate.length > 0) await this.#rescheduleDates(unit, effects, byDate);
  }

  /** Enters the candidates their journeys' entry policies admit, and takes each its first step. */
  async #admit(unit: U, workspaceId: number, now: number, candidates: Candidate[]): Promise<void> {
    if (candidates.length === 0) return;
    const latest = await unit.journeys.latestEntries(
      workspaceId,
      [...new Set(candidates.map((x) => x.journey.id))],
      [...new Set(candidates.map((x) => x.customerId))],
    );
    const admitted = candidates.filter((x) =>
      mayEnter(x.journey.definition.entry, latest.get(`${x.journey.id}:${x.customerId}`), now),
    );
    const created = await unit.journeys.insertEntries(
      admitted.map((x) => ({
        workspaceId,
        journeyId: x.journey.id,
        version: x.journey.version,
        customerId: x.customerId,
        cause: x.cause,
        enteredAt: now,
        goalUntil: x.journey.definition.goal ? now + spanMs(x.journey.definition.goal.within) : null,
        event: x.event,
      })),
    );
    const byKey = new Map(admitted.map((x) => [`${x.journey.id}:${x.customerId}`, x]));
    const steps = created.map((entry) => {
      const x = byKey.get(`${entry.journeyId}:${entry.customerId}`)!;
      return {
        entry,
        journey: x.journey,
        record: x.ctx.record,
        result: this.#step(x.journey, entry, { kind: 'enter' }, x.ctx.record, x.ctx.context),
      };
    });
    await this.#apply(unit, workspaceId, now, steps);
  }

  /** A step that changed a date trait (an identify naming it) moves that customer's date timer. */
  async #rescheduleDates(unit: U, effects: StepEffects, journeys: CompiledJourney[]): Promise<void> {
    const jobs: NewJob[] = [];
    const cancel: string[] = [];
    for (const journey of journeys) {
      const t = journey.definition.trigger as Extract<Trigger, { kind: 'date' }>;
      for (const c of effects.customers) {
        if (!c.events.some((e) => touchesTraits(e, [t.trait, 'timezone']))) continue;
        const o = nextDateOccurrence(
          t,
          c.record.traits[t.trait],
          zoneOf(c.record.traits.timezone),
          effects.now,
        );
        const key = dateKey(journey.id, c.customerId);
        if (o) jobs.push(dateJob(effects.workspaceId, journey.id, c.customerId, o.at));
        else cancel.push(key);
      }
    }
    if (jobs.length > 0) await unit.jobs.enqueue(jobs, { now: effects.now, onConflict: 'replace' });
    if (cancel.length > 0) await unit.jobs.cancel(effects.workspaceId, cancel);
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
    return stepEntry(journey, entry, input, { ctx, timeZone: zoneOf(record.traits.timezone) });
  }

  /** Writes the steps' entries, paths, messages, trait changes and timers, in the unit. */
  async #apply(
    unit: U,
    workspaceId: number,
    now: number,
    steps: { entry: Entry; journey: CompiledJourney; record: CustomerRecord; result: StepResult }[],
    ownKeys: ReadonlySet<string> = NO_KEYS,
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
      ownKeys,
    );
  }

  /** The entries' next timers: a wait's end or timeout, or the close of an ended entry's goal window. */
  async #schedule(
    unit: U,
    workspaceId: number,
    now: number,
    changes: { before: Entry; after: Entry }[],
    ownKeys: ReadonlySet<string>,
  ): Promise<void> {
    const jobs = [];
    const cancel = [];
    for (const { before, after } of changes) {
      const at = nextWake(after);
      const key = wakeKey(after);
      if (at !== null) {
        if (at !== nextWake(before) || ownKeys.has(key))
          jobs.push({ workspaceId, kind: WAKE_KIND, key, runAt: at, payload: { entryId: after.id } });
      } else if (nextWake(before) !== null && !ownKeys.has(key)) cancel.push(key);
    }
    if (jobs.length > 0) await unit.jobs.enqueue(jobs, { now, onConflict: 'replace' });
    if (cancel.length > 0) await unit.jobs.cancel(workspaceId, cancel);
  }

  /**
   * The jobs handler of `journey.wake`: one entry's timer came due. The wakes that come due together
   * (the worker runs many at once) step in one unit: a million timers coming due at the same moment cost
   * a unit per batch rather than per customer. Should a batch fail, its wakes run again one unit each, so
   * one bad entry cannot hold the others back.
   */
  readonly wake: JobHandler = async (job: Job): Promise<JobResult | undefined> => {
    const outcome = await this.#wakes.run(job);
    if (outcome.status === 'rejected') throw outcome.reason;
    return outcome.value;
  };

  readonly #wakes = new GroupCommit<Job, PromiseSettledResult<JobResult | undefined>>(
    async (jobs) => {
      const one = (batch: Job[]) => this.#options.write((unit) => this.#wakeAll(unit, batch));
      try {
        return (await one(jobs)).map((value) => ({ status: 'fulfilled', value }));
      } catch (error) {
        if (jobs.length === 1) return [{ status: 'rejected', reason: error }];
        return Promise.allSettled(jobs.map(async (job) => (await one([job]))[0]));
      }
    },
    { maxBatch: 500 },
  );

  async #wakeAll(unit: U, jobs: Job[]): Promise<(JobResult | undefined)[]> {
    const now = this.#options.clock.now();
    const results = new Map<number, JobResult | undefined>();
    const byWorkspace = Map.groupBy(jobs, (j) => j.workspaceId);
    for (const [workspaceId, wsJobs] of byWorkspace) {
      const entries = await unit.journeys.entriesById(
        workspaceId,
        wsJobs.map((j) => Number(j.payload.entryId)),
      );
      const running = new Map((await unit.journeys.running(workspaceId)).map((j) => [j.id, j]));
      const closed = entries.filter((e) => e.status === 'ended');
      // An ended entry's wake is the close of its goal window: from then on no conversion counts.
      const lapsed = closed.filter(
        (e) => e.goalUntil !== null && e.convertedAt === null && now >= e.goalUntil,
      );
      if (lapsed.length > 0) await unit.journeys.saveEntries(lapsed.map((e) => ({ ...e, goalUntil: null })));
      const open = entries.filter((e) => e.status !== 'ended' && running.has(e.journeyId));
      const paused = open.filter((e) => running.get(e.journeyId)!.status === 'paused');
      const live = open.filter((e) => running.get(e.journeyId)!.status === 'live');
      const { contexts, fresh } = await this.#locked(unit, workspaceId, live, now);
      const steps = [];
      for (const entry of fresh) {
        const ctx = contexts.get(entry.customerId);
        if (!ctx || entry.status === 'ended') continue;
        const journey = await this.#version(unit, this.#compile(running.get(entry.journeyId)!), entry);
        const result = this.#step(journey, entry, { kind: 'time' }, ctx.record, ctx.context);
        steps.push({ entry, journey, record: ctx.record, result });
      }
      // Each job is its entry's timer: a next wake replaces it under the same key (its completion then
      // leaves the new run in place); with none, its completion deletes it.
      await this.#apply(unit, workspaceId, now, steps, new Set(wsJobs.map((j) => j.key)));
      const retry = this.#pausedRetry(now);
      const pausedIds = new Set(paused.map((e) => e.id));
      for (const job of wsJobs)
        results.set(job.id, pausedIds.has(Number(job.payload.entryId)) ? retry : undefined);
    }
    return jobs.map((j) => results.get(j.id));
  }

  /**
   * The jobs handler of `journey.move`, made by a publish with a node mapping: a page of the customers
   * waiting at a mapped node of the replaced version per run, each stepped onto its new node in one
   * unit. Their customers are locked (the contexts) before their entries are read again, so a wake or an
   * event that moved one on meanwhile is seen, and that one stays where it went. A paused journey waits.
   */
  readonly move: JobHandler = async (job: Job): Promise<JobResult | undefined> => {
    const p = job.payload as { journeyId: number; from: number; to: number; moves: [string, string][] };
    const index = Number(job.payload.index ?? 0);
    const after = Number(job.payload.after ?? 0);
    const pair = p.moves[index];
    if (!pair) return undefined;
    const [fromNode, toNode] = pair;
    return this.#options.write(async (unit) => {
      const now = this.#options.clock.now();
      const running = await this.#running(unit, job.workspaceId, p.journeyId);
      if (!running) return undefined;
      if (running.status === 'paused') return this.#pausedRetry(now);
      const page = await unit.journeys.entriesAtNode(
        job.workspaceId,
        p.journeyId,
        p.from,
        fromNode,
        after,
        MOVE_PAGE,
      );
      const journey = this.#compile({
        id: p.journeyId,
        version: p.to,
        status: 'live',
        definition: await unit.journeys.definitionOf(p.journeyId, p.to),
      });
      const { contexts, fresh } = await this.#locked(unit, job.workspaceId, page, now);
      const steps = [];
      for (const entry of fresh) {
        const ctx = contexts.get(entry.customerId);
        if (!ctx || entry.status !== 'active' || entry.version !== p.from || entry.node !== fromNode)
          continue;
        const result = this.#step(journey, entry, { kind: 'move', node: toNode }, ctx.record, ctx.context);
        steps.push({ entry, journey, record: ctx.record, result });
      }
      await this.#apply(unit, job.workspaceId, now, steps);
      if (page.length === MOVE_PAGE)
        return { rerunAt: now, payload: { ...job.payload, after: page.at(-1)!.id } };
      return index + 1 < p.moves.length
        ? { rerunAt: now, payload: { ...job.payload, index: index + 1, after: 0 } }
        : undefined;
    });
  };

  /**
   * The entries' customers' contexts, which lock them, and the entries read again under that lock: an
   * event of theirs that another process stepped meanwhile has moved an entry, and the caller must step
   * what it left rather than overwrite it.
   */
  async #locked(unit: U, workspaceId: number, entries: readonly Entry[], now: number) {
    const contexts = await this.#options.contexts(
      unit,
      workspaceId,
      [...new Set(entries.map((e) => e.customerId))],
      now,
    );
    const fresh = await unit.journeys.entriesById(
      workspaceId,
      entries.map((e) => e.id),
    );
    return { contexts, fresh };
  }

  /** When a paused journey's timer looks again. */
  #pausedRetry(now: number): JobResult {
    return { rerunAt: now + (this.#options.pausedRetryMs ?? 15 * 60_000) };
  }

  /** The workspace's running version of a journey, or null when it is not live or paused. */
  async #running(unit: U, workspaceId: number, journeyId: number): Promise<RunningJourney | null> {
    return (await unit.journeys.running(workspaceId)).find((j) => j.id === journeyId) ?? null;
  }

  /**
   * The jobs handler of `journey.arm`, made when a date or broadcast journey is published: schedules the
   * first broadcast, or each customer's date (a page of customers holding the trait per run).
   */
  readonly arm: JobHandler = async (job: Job): Promise<JobResult | undefined> => {
    const journeyId = Number(job.payload.journeyId);
    const after = Number(job.payload.after ?? 0);
    return this.#options.write(async (unit) => {
      const now = this.#options.clock.now();
      const t = (await this.#running(unit, job.workspaceId, journeyId))?.definition.trigger;
      if (t?.kind === 'broadcast') {
        const at = firstBroadcast(t, now);
        await unit.jobs.enqueue(
          [
            {
              workspaceId: job.workspaceId,
              kind: BROADCAST_KIND,
              key: broadcastKey(journeyId),
              runAt: at,
              payload: { journeyId, occurrence: at, after: 0 },
            },
          ],
          { now, onConflict: 'replace' },
        );
        return undefined;
      }
      if (t?.kind !== 'date') return undefined;
      const page = await unit.journeys.customersWithTrait(job.workspaceId, t.trait, after, ARM_PAGE);
      const jobs = page.flatMap((p) => {
        const o = nextDateOccurrence(t, p.value, zoneOf(p.timeZone), now);
        return o ? [dateJob(job.workspaceId, journeyId, p.customerId, o.at)] : [];
      });
      if (jobs.length > 0) await unit.jobs.enqueue(jobs, { now, onConflict: 'replace' });
      return page.length === ARM_PAGE
        ? { rerunAt: now, payload: { journeyId, after: page.at(-1)!.customerId } }
        : undefined;
    });
  };

  /**
   * The jobs handler of `journey.date`: one customer's date came round. The date is read again from
   * their trait (a change since moved the job, so a job that fires is for the value they hold); the
   * entry's cause names the date, so it enrols once however often the job runs, and a yearly trigger
   * schedules the next anniversary. A paused journey lets the date pass.
   */
  readonly date: JobHandler = async (job: Job): Promise<JobResult | undefined> => {
    const journeyId = Number(job.payload.journeyId);
    const customerId = Number(job.payload.customerId);
    return this.#options.write(async (unit) => {
      const now = this.#options.clock.now();
      const running = await this.#running(unit, job.workspaceId, journeyId);
      const t = running?.definition.trigger;
      if (!running || t?.kind !== 'date') return undefined;
      const ctx = (await this.#options.contexts(unit, job.workspaceId, [customerId], now)).get(customerId);
      if (!ctx) return undefined;
      const zone = zoneOf(ctx.record.traits.timezone);
      const value = ctx.record.traits[t.trait];
      const due = nextDateOccurrence(t, value, zone, job.runAt);
      if (!due) return undefined;
      if (due.at > now) return { rerunAt: due.at };
      if (running.status === 'live') {
        const journey = this.#compile(running);
        await this.#admit(unit, job.workspaceId, now, [
          { journey, customerId, ctx, cause: `date:${due.date}`, event: { trait: t.trait, date: due.date } },
        ]);
      }
      const next = nextDateOccurrence(t, value, zone, Math.max(now, due.at) + 1);
      return next ? { rerunAt: next.at } : undefined;
    });
  };

  /**
   * The jobs handler of `journey.broadcast`: enrols the segment's members a page per run (each page one
   * unit; the entries' cause names the broadcast's time, so a page run twice enrols nobody twice), then
   * waits for the next time of a recurring broadcast. A paused broadcast waits to be resumed.
   */
  readonly broadcast: JobHandler = async (job: Job): Promise<JobResult | undefined> => {
    const journeyId = Number(job.payload.journeyId);
    const occurrence = Number(job.payload.occurrence);
    const after = Number(job.payload.after ?? 0);
    return this.#options.write(async (unit) => {
      const now = this.#options.clock.now();
      const running = await this.#running(unit, job.workspaceId, journeyId);
      const t = running?.definition.trigger;
      if (!running || t?.kind !== 'broadcast') return undefined;
      if (running.status === 'paused') return this.#pausedRetry(now);
      const members = await unit.journeys.segmentMembers(job.workspaceId, t.segment, after, BROADCAST_PAGE);
      if (members.length > 0) {
        const journey = this.#compile(running);
        const contexts = await this.#options.contexts(unit, job.workspaceId, members, now);
        const event = { segment: t.segment, broadcastAt: new Date(occurrence).toISOString() };
        await this.#admit(
          unit,
          job.workspaceId,
          now,
          [...contexts].map(([customerId, ctx]) => ({
            journey,
            customerId,
            ctx,
            cause: `broadcast:${occurrence}`,
            event,
          })),
        );
      }
      if (members.length === BROADCAST_PAGE)
        return { rerunAt: now, payload: { journeyId, occurrence, after: members.at(-1)! } };
      const next = nextBroadcast(t, occurrence, now);
      return next === null
        ? undefined
        : { rerunAt: next, payload: { journeyId, occurrence: next, after: 0 } };
    });
  };
}

/** When an entry must be looked at with no event: its wake, or the close of its goal window once it ended. */
export function nextWake(e: Entry): number | null {
  if (e.status !== 'ended') return e.wakeAt;
  return e.goalUntil !== null && e.convertedAt === null ? e.goalUntil : null;
}
