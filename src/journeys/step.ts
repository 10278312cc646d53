import { iso, type MessageType, nextLocalTime } from '../core/index.ts';
import { matchesSpec } from '../features/index.ts';
import type { RuleContext } from '../rules/index.ts';
import { spanMs } from '../rules/index.ts';
import type { CompiledJourney } from './compile-journey.ts';
import { draw } from './draw.ts';
import type { Action, EndReason, Entry, PathStep, StepInput, StepResult } from './entry.ts';
import { WEEKDAYS } from './model.ts';

/** What a step reads of the world besides the entry: the customer's rule context and time zone. */
export type StepWorld = { ctx: RuleContext; timeZone: string };

/**
 * One step of one entry: pure (the entry, what happened, the customer's state and the time in;
 * the new entry, the actions and the path out; no I/O), like the lifecycle engine's evaluation.
 * The step walks from the current node until the customer has to wait or the entry ends; the
 * exit rule and the goal are checked before each node and whenever an event or a wake comes.
 */
export function stepEntry(
  journey: CompiledJourney,
  entry: Entry,
  input: StepInput,
  world: StepWorld,
): StepResult {
  const run = new Walk(journey, { ...entry }, world);
  if (entry.status === 'ended') run.afterEnd(input.kind === 'event' ? input.event : null);
  else if (input.kind === 'enter') run.enter();
  else if (input.kind === 'move') run.move(input.node);
  else run.resume(input);
  return run.result();
}

type InputEvent = Extract<StepInput, { kind: 'event' }>['event'];
const asFeatureEvent = (e: InputEvent) => ({ ...e, type: e.type as MessageType });

class Walk {
  readonly #journey: CompiledJourney;
  readonly entry: Entry;
  readonly #world: StepWorld;
  /** The rule context, with the traits this step set (a branch after a set-trait sees the new value). */
  #ctx: RuleContext;
  readonly #actions: Action[] = [];
  readonly #path: PathStep[] = [];
  readonly #now: number;

  constructor(journey: CompiledJourney, entry: Entry, world: StepWorld) {
    this.#journey = journey;
    this.entry = entry;
    this.#world = world;
    this.#ctx = world.ctx;
    this.#now = world.ctx.now;
  }

  result(): StepResult {
    return { entry: this.entry, actions: this.#actions, path: this.#path };
  }

  #note(outcome: string, detail: string, facts?: PathStep['facts']): void {
    this.#path.push({ at: this.#now, node: this.entry.node, outcome, detail, ...(facts ? { facts } : {}) });
  }

  enter(): void {
    const d = this.#journey.definition;
    this.entry.node = d.start;
    this.entry.nodeSince = this.#now;
    if (d.holdout > 0 && draw(`${this.entry.id}:holdout`) < d.holdout) {
      this.entry.status = 'holdout';
      this.entry.node = null;
      this.#note('holdout', `drawn into the holdout (${d.holdout * 100}% of entrants get nothing)`);
      // Followed until the goal window closes, to count what they would have converted anyway.
      this.entry.wakeAt = d.goal ? this.#now + spanMs(d.goal.within) : this.#now;
      if (this.#goalReached(null)) return;
      if (!d.goal) this.#end('holdout-window', 'no goal to follow them for');
      return;
    }
    this.#note('entered', `entered version ${this.#journey.version}`);
    if (this.#goalReached(null) || this.#exitHolds()) return;
    this.#walk();
  }

  /**
   * An ended entry still counts a conversion while its goal window is open: so that the journey's
   * entrants and its holdout are followed for the same time, and the lift compares like with like.
   */
  afterEnd(event: InputEvent | null): void {
    if (this.#converts(event)) this.entry.convertedAt = this.#now;
    if (this.entry.convertedAt === this.#now) this.#note('goal', 'reached the goal after the journey ended');
  }

  /**
   * Onto `to` of this version, from where the entry waits in an older one. The time already waited
   * counts towards a wait or a wait-for's timeout there (nodeSince stays); a wait-until, or any other
   * node, runs as if they arrived now.
   */
  move(to: string): void {
    const from = `"${this.entry.node}" of version ${this.entry.version}`;
    this.entry.version = this.#journey.version;
    this.entry.node = to;
    this.#note('moved', `moved from ${from} to "${to}" of version ${this.#journey.version}`);
    const node = this.#journey.nodes.get(to)!;
    if (node.kind === 'wait') {
      this.entry.wakeAt = this.entry.nodeSince + spanMs(node.duration);
      if (this.entry.wakeAt <= this.#now) this.resume({ kind: 'time' });
      else if (!this.#goalReached(null) && !this.#exitHolds())
        this.#note(
          'waiting',
          `until ${iso(this.entry.wakeAt)} (${node.duration.amount} ${node.duration.unit})`,
        );
      return;
    }
    if (node.kind === 'wait-for') {
      this.resume({ kind: 'time' });
      return;
    }
    this.entry.nodeSince = this.#now;
    if (!this.#goalReached(null) && !this.#exitHolds()) this.#walk();
  }

  resume(input: Exclude<StepInput, { kind: 'enter' | 'move' }>): void {
    const event = input.kind === 'event' ? input.event : null;
    if (this.#goalReached(event)) return;
    if (this.entry.status === 'holdout') {
      if (this.entry.wakeAt !== null && this.#now >= this.entry.wakeAt)
        this.#end('holdout-window', 'the goal window closed');
      return;
    }
    if (this.#exitHolds()) return;
    const node = this.#journey.nodes.get(this.entry.node!)!;
    switch (node.kind) {
      case 'wait':
      case 'wait-until':
        if (this.entry.wakeAt !== null && this.#now >= this.entry.wakeAt) {
          this.#note('waited', `waited until ${iso(this.entry.wakeAt)}`);
          this.#goTo(node.next);
        }
        return;
      case 'wait-for': {
        if (event && node.event && matchesSpec(node.event, asFeatureEvent(event))) {
          this.#note('event', `${event.name ?? event.type} came`);
          this.#goTo(node.next);
          return;
        }
        const rule = this.#journey.rules.get(node.id);
        if (rule?.test(this.#ctx)) {
          this.#note('rule', 'the awaited rule holds', rule.evaluate(this.#ctx).facts);
          this.#goTo(node.next);
          return;
        }
        if (this.#now >= this.entry.nodeSince + spanMs(node.timeout)) {
          this.#note('timeout', `nothing came within ${node.timeout.amount} ${node.timeout.unit}`);
          this.#goTo(node.timeoutNext);
          return;
        }
        this.#waitFor();
        return;
      }
      default:
        // Only waits hold a customer between steps.
        this.#walk();
    }
  }

  #goTo(next: string | null): void {
    if (this.#advance(next)) this.#walk();
  }

  /** Moves to `next` (or ends at null); false when the entry ended there, the exit rule included. */
  #advance(next: string | null): boolean {
    if (next === null) {
      this.#end('completed', 'reached the end of the journey');
      return false;
    }
    this.entry.node = next;
    this.entry.nodeSince = this.#now;
    return !this.#exitHolds();
  }

  /** Runs nodes from the current one until a wait or the end. */
  #walk(): void {
    // A graph without a wait-free loop visits each node at most once per step; the bound only guards that.
    for (let guard = 0; guard <= this.#journey.nodes.size; guard++) {
      const node = this.#journey.nodes.get(this.entry.node!)!;
      const ctx = this.#ctx;
      let next: string | null;
      switch (node.kind) {
        case 'wait':
          this.entry.wakeAt = this.#now + spanMs(node.duration);
          this.#note(
            'waiting',
            `until ${iso(this.entry.wakeAt)} (${node.duration.amount} ${node.duration.unit})`,
          );
          return;
        case 'wait-until': {
          const days = node.days.map((d) => WEEKDAYS.indexOf(d));
          this.entry.wakeAt = nextLocalTime(
            this.#now,
            node.at.hour,
            node.at.minute,
            days,
            this.#world.timeZone,
          );
          if (this.entry.wakeAt <= this.#now) {
            next = node.next;
            break;
          }
          this.#note('waiting', `until ${iso(this.entry.wakeAt)} (local time in ${this.#world.timeZone})`);
          return;
        }
        case 'wait-for': {
          const rule = this.#journey.rules.get(node.id);
          if (rule?.test(ctx)) {
            this.#note('rule', 'the awaited rule already holds', rule.evaluate(ctx).facts);
            next = node.next;
            break;
          }
          this.#waitFor();
          this.#note(
            'waiting',
            `for ${node.event?.event ?? 'the rule'}, at most until ${iso(this.entry.wakeAt!)}`,
          );
          return;
        }
        case 'branch': {
          const e = this.#journey.rules.get(node.id)!.evaluate(ctx);
          this.#note(
            e.passed ? 'yes' : 'no',
            e.passed ? 'the rule holds' : 'the rule does not hold',
            e.facts,
          );
          next = e.passed ? node.yes : node.no;
          break;
        }
        case 'split': {
          const i = node.cases.findIndex((_, k) => this.#journey.rules.get(`${node.id}#${k}`)!.test(ctx));
          const facts = i >= 0 ? this.#journey.rules.get(`${node.id}#${i}`)!.evaluate(ctx).facts : undefined;
          this.#note(
            i >= 0 ? `case ${i + 1}` : 'otherwise',
            i >= 0 ? `case ${i + 1} is the first that holds` : 'no case holds',
            facts,
          );
          next = i >= 0 ? node.cases[i]!.next : node.otherwise;
          break;
        }
        case 'random': {
          const total = node.variants.reduce((s, v) => s + v.weight, 0);
          const v = pick(node.variants, draw(`${this.entry.id}:${node.id}`) * total);
          this.entry.variant = v.key;
          this.#note(`variant ${v.key}`, `drew variant ${v.key} (weight ${v.weight} of ${total})`);
          next = v.next;
          break;
        }
        case 'send': {
          const { id, kind, next: after, ...options } = node;
          this.#actions.push({ kind: 'send', nodeId: id, ...options });
          this.#note('sent', `${options.channel} "${options.template}" queued`);
          next = after;
          break;
        }
        case 'set-trait':
          this.#actions.push({ kind: 'set-trait', nodeId: node.id, trait: node.trait, value: node.value });
          this.#ctx = { ...this.#ctx, traits: { ...this.#ctx.traits, [node.trait]: node.value } };
          this.#note('set', `trait ${node.trait} set to ${JSON.stringify(node.value)}`);
          next = node.next;
          break;
        case 'exit':
          this.#end('exit-node', 'an exit node');
          return;
      }
      if (!this.#advance(next)) return;
    }
    throw new Error(`journey ${this.#journey.id} v${this.#journey.version}: a step ran past every node`);
  }

  /** The wake of a wait-for: its timeout, or sooner when its rule could come to hold with time alone. */
  #waitFor(): void {
    const node = this.#journey.nodes.get(this.entry.node!)!;
    if (node.kind !== 'wait-for') return;
    const timeout = this.entry.nodeSince + spanMs(node.timeout);
    const change = this.#journey.rules.get(node.id)?.nextChange(this.#ctx) ?? null;
    this.entry.wakeAt = change !== null && change < timeout ? change : timeout;
  }

  #exitHolds(): boolean {
    const exit = this.#journey.exit;
    if (!exit?.test(this.#ctx)) return false;
    this.#note('exit-rule', 'the exit rule holds', exit.evaluate(this.#ctx).facts);
    this.#end('exit-rule', 'left by the exit rule');
    return true;
  }

  /** Records a conversion within the goal window; reaching the goal ends an active entry. */
  #goalReached(event: InputEvent | null): boolean {
    if (!this.#converts(event)) return false;
    this.entry.convertedAt = this.#now;
    const rule = this.#journey.goal;
    this.#note(
      'goal',
      rule ? 'the goal rule holds' : `${event!.name ?? event!.type}: the goal`,
      rule?.evaluate(this.#ctx).facts,
    );
    this.#end('goal', 'reached the goal');
    return true;
  }

  /** True when this input reaches a goal not yet reached, within the goal window. */
  #converts(event: InputEvent | null): boolean {
    const goal = this.#journey.definition.goal;
    if (!goal || this.entry.convertedAt !== null) return false;
    if (this.#now > this.entry.enteredAt + spanMs(goal.within)) return false;
    if (goal.event) return event !== null && matchesSpec(goal.event, asFeatureEvent(event));
    return this.#journey.goal!.test(this.#ctx);
  }

  #end(reason: EndReason, detail: string): void {
    this.entry.status = 'ended';
    this.entry.endReason = reason;
    this.entry.endedAt = this.#now;
    this.entry.wakeAt = null;
    this.#note('ended', detail);
    this.entry.node = null;
  }
}

/** The variant whose share of the total weight `x` falls in. */
function pick<V extends { weight: number }>(variants: readonly V[], x: number): V {
  let rest = x;
  for (const v of variants) {
    rest -= v.weight;
    if (rest < 0) return v;
  }
  return variants.at(-1)!;
}
