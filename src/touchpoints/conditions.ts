import type { Json, MessageType } from '../core/index.ts';
import { type EventFacts, NEEDS_CAMPAIGN, NEEDS_PATH, NEEDS_QUERY, NEEDS_REFERRER } from './event-facts.ts';
import { compileGlob, type GlobMatcher } from './glob.ts';
import type { TouchpointConditions } from './schema.ts';

/** A condition on the message type and name alone, decided once per distinct pair. */
type StaticTest = (type: MessageType, name: string | null) => boolean;
/** A condition on the rest of the message, checked on every call. */
type Test = (facts: EventFacts) => boolean;

/**
 * `needs` names facts without which the rule cannot match (0: none), so that a run of rules needing
 * the same absent facts, like the thirty campaign rules for an untagged event, is skipped in one step.
 */
type CompiledRule = { statics: readonly StaticTest[]; tests: readonly Test[]; needs: number; value: string };

/** Rules that may apply to one (type, name), and for each the index just past its run of equal `needs`. */
type Candidates = { rules: CompiledRule[]; skipTo: number[] };

/** For fields with few distinct values; see GlobOptions.memo. */
const MEMO = { memo: true };

const listOf = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? value : [value as T]);

const present = (read: (facts: EventFacts) => string | undefined, match: GlobMatcher): Test => {
  return (facts) => {
    const value = read(facts);
    return value !== undefined && match(value);
  };
};

function propertyTest(name: string, equals: Json | readonly Json[] | undefined): Test {
  const segments = name.split('.');
  if (equals === undefined) {
    return (facts) => {
      const value = facts.property(segments);
      return value !== undefined && value !== null;
    };
  }
  const values = listOf(equals);
  // includes() compares with SameValueZero, which for JSON scalars is strict equality.
  return (facts) => {
    const value = facts.property(segments);
    return value !== undefined && values.includes(value);
  };
}

function compileRule(when: TouchpointConditions, value: string): CompiledRule {
  const statics: StaticTest[] = [];
  const tests: Test[] = [];
  if (when.type !== undefined) {
    const types = listOf(when.type);
    statics.push((type) => types.includes(type));
  }
  if (when.event !== undefined) {
    const match = compileGlob(when.event);
    statics.push((type, name) => type === 'track' && name !== null && match(name));
  }
  // The rest cheapest first: the channel is a short string, URLs are parsed on first use.
  if (when.channel !== undefined) {
    const match = compileGlob(when.channel, MEMO);
    tests.push((facts) => match(facts.channel));
  }
  if (when.property !== undefined) tests.push(propertyTest(when.property.name, when.property.equals));
  if (when.path !== undefined) {
    tests.push(present((facts) => facts.path(), compileGlob(when.path, { trailingSlash: true })));
  }
  if (when.utmSource !== undefined) {
    tests.push(present((facts) => facts.utmSource(), compileGlob(when.utmSource, MEMO)));
  }
  if (when.utmMedium !== undefined) {
    tests.push(present((facts) => facts.utmMedium(), compileGlob(when.utmMedium, MEMO)));
  }
  if (when.utmCampaign !== undefined) {
    tests.push(present((facts) => facts.utmCampaign(), compileGlob(when.utmCampaign, MEMO)));
  }
  if (when.referrerDomain !== undefined) {
    tests.push(present((facts) => facts.referrerDomain(), compileGlob(when.referrerDomain, MEMO)));
  }
  if (when.queryParam !== undefined) {
    const names = listOf(when.queryParam);
    tests.push((facts) => {
      for (const name of names) if (facts.hasQueryParam(name)) return true;
      return false;
    });
  }
  let needs = 0;
  if (when.utmSource ?? when.utmMedium ?? when.utmCampaign) needs = NEEDS_CAMPAIGN;
  else if (when.queryParam) needs = NEEDS_QUERY;
  else if (when.referrerDomain) needs = NEEDS_REFERRER;
  else if (when.path) needs = NEEDS_PATH;
  return { statics, tests, needs, value };
}

/** Distinct event names whose candidate rules are remembered before the memo starts over. */
const EVENT_MEMO_LIMIT = 10_000;

/**
 * An ordered rule list. Most rules name an event or a message type, and both repeat endlessly, so the
 * rules that can apply to each (type, event name) are worked out once and remembered; a call then runs
 * only the remaining conditions of those few candidates.
 */
export class RuleSet {
  #rules: CompiledRule[];
  #byType = new Map<MessageType, Candidates>();
  #byEvent = new Map<string, Candidates>();
  #unnamedTrack: Candidates | undefined;

  constructor(rules: readonly { when: TouchpointConditions; value: string }[]) {
    this.#rules = rules.map((rule) => compileRule(rule.when, rule.value));
  }

  #candidates(type: MessageType, name: string | null): Candidates {
    const rules = this.#rules.filter((rule) => rule.statics.every((test) => test(type, name)));
    const skipTo = rules.map(() => rules.length);
    for (let i = rules.length - 2; i >= 0; i--) {
      if (rules[i].needs === rules[i + 1].needs) skipTo[i] = skipTo[i + 1];
      else skipTo[i] = i + 1;
    }
    return { rules, skipTo };
  }

  #lookup(type: MessageType, name: string | null): Candidates {
    if (type !== 'track') {
      let candidates = this.#byType.get(type);
      if (candidates === undefined) {
        candidates = this.#candidates(type, null);
        this.#byType.set(type, candidates);
      }
      return candidates;
    }
    if (name === null) {
      this.#unnamedTrack ??= this.#candidates(type, null);
      return this.#unnamedTrack;
    }
    let candidates = this.#byEvent.get(name);
    if (candidates === undefined) {
      if (this.#byEvent.size >= EVENT_MEMO_LIMIT) this.#byEvent.clear();
      candidates = this.#candidates(type, name);
      this.#byEvent.set(name, candidates);
    }
    return candidates;
  }

  /** The value of the first rule whose conditions all hold, or undefined. */
  first(facts: EventFacts): string | undefined {
    const { rules, skipTo } = this.#lookup(facts.type, facts.name);
    let i = 0;
    next: while (i < rules.length) {
      const rule = rules[i];
      if (rule.needs !== 0 && !facts.has(rule.needs)) {
        i = skipTo[i];
        continue;
      }
      i++;
      for (const test of rule.tests) if (!test(facts)) continue next;
      return rule.value;
    }
    return undefined;
  }
}
