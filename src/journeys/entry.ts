import type { JsonObject } from '../core/index.ts';
import type { Fact, Scalar } from '../rules/index.ts';
import type { SendOptions } from './model.ts';

/** Why an entry ended. */
export type EndReason =
  /** The path reached its end (an edge to null). */
  | 'completed'
  /** An exit node. */
  | 'exit-node'
  /** The journey's exit rule came to hold. */
  | 'exit-rule'
  /** The goal was reached (the journey has done its work). */
  | 'goal'
  /** A holdout entry's goal window closed. */
  | 'holdout-window'
  /** The journey was archived while they were in it. */
  | 'archived';

/**
 * One customer's entry into one journey version: where they are, since when, and what they drew. A
 * customer may have several entries over time (the entry policy says when), at most one live.
 */
export type Entry = {
  id: number;
  customerId: number;
  journeyId: number;
  version: number;
  /** `holdout` entries get nothing; they are followed only to count their goal conversions. */
  status: 'active' | 'holdout' | 'ended';
  /** The node they are at (a wait while they wait); null once ended. */
  node: string | null;
  endReason: EndReason | null;
  /** The key of the variant they drew at a random split, if any. */
  variant: string | null;
  enteredAt: number;
  /** When they arrived at the node they wait at. */
  nodeSince: number;
  /** When the entry must be looked at again with no event (a wait's end, a timeout), or null. */
  wakeAt: number | null;
  /** When the goal was reached within its window, or null. */
  convertedAt: number | null;
  /**
   * Until when a conversion still counts (entry time + the goal's window), or null without a goal or
   * once the window was closed: the stores index the entries an event may still move by it.
   */
  goalUntil: number | null;
  endedAt: number | null;
  /** The triggering event's properties, for the messages' `event.*`. */
  event: JsonObject | null;
};

/** What brought the step about. */
export type StepInput =
  | { kind: 'enter' }
  /** An event of the customer's (already folded into the rule context). */
  | {
      kind: 'event';
      event: { type: string; name: string | null; timestamp: number; properties: JsonObject | undefined };
    }
  /** Time passed: a wake of the entry came due. */
  | { kind: 'time' }
  /**
   * A publish moved the entry from the node it waits at onto `node` of the step's (newer) version, by
   * the node mapping the publisher gave.
   */
  | { kind: 'move'; node: string };

/** What a step decided that the world must do, each once (keyed by the node and the entry). */
export type Action =
  | ({ kind: 'send'; nodeId: string } & SendOptions)
  | { kind: 'set-trait'; nodeId: string; trait: string; value: Scalar };

/** One thing that happened to the entry, with why: the path a person reads on the customer's page. */
export type PathStep = {
  at: number;
  node: string | null;
  /** `entered`, `holdout`, `sent`, `waiting`, `yes`, `no`, `case 2`, `otherwise`, `variant b`, `event`, `timeout`, `goal`, `ended` ... */
  outcome: string;
  detail: string;
  facts?: Fact[];
};

export type StepResult = { entry: Entry; actions: Action[]; path: PathStep[] };
