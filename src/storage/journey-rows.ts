import { AppError, type JsonObject } from '../core/index.ts';
import type {
  EndReason,
  Entry,
  JourneyDefinition,
  JourneyRecord,
  JourneyStatus,
  PathStep,
} from '../journeys/index.ts';

/** Journey rows for both adapters. SQLite hands JSON back as text, PostgreSQL as parsed jsonb. */
type Row = Record<string, unknown>;

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export const toJourney = (r: Row): JourneyRecord => ({
  id: Number(r.id),
  workspaceId: Number(r.workspace_id),
  key: String(r.key),
  name: String(r.name),
  status: r.status as JourneyStatus,
  draft: json<JourneyDefinition>(r.draft),
  liveVersion: num(r.live_version),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export const toEntry = (r: Row): Entry => ({
  id: Number(r.id),
  customerId: Number(r.customer_id),
  journeyId: Number(r.journey_id),
  version: Number(r.version),
  status: r.status as Entry['status'],
  node: str(r.node),
  endReason: str(r.end_reason) as EndReason | null,
  variant: str(r.variant),
  enteredAt: Number(r.entered_at),
  nodeSince: Number(r.node_since),
  wakeAt: num(r.wake_at),
  convertedAt: num(r.converted_at),
  goalUntil: num(r.goal_until),
  endedAt: num(r.ended_at),
  event: r.event === null || r.event === undefined ? null : json<JsonObject>(r.event),
});

export const toStep = (r: Row): PathStep => {
  const step: PathStep = {
    at: Number(r.at),
    node: str(r.node),
    outcome: String(r.outcome),
    detail: String(r.detail),
  };
  if (r.facts !== null && r.facts !== undefined) step.facts = json(r.facts);
  return step;
};

/** The columns a saved entry writes, in this order, after its id. */
export const entryValues = (e: Entry) => [
  e.status,
  e.node,
  e.endReason,
  e.variant,
  e.nodeSince,
  e.wakeAt,
  e.convertedAt,
  e.goalUntil,
  e.endedAt,
  e.version,
];

/**
 * Entries an event may still move: live, or ended with the goal window open. The runner closes a
 * window when it passes (goal_until set to null), so the index on this stays as small as the live set.
 */
export const OPEN_ENTRY = `(status <> 'ended' OR (goal_until IS NOT NULL AND converted_at IS NULL))`;

/** A publish with a node mapping from `from`, when another publish replaced that version first. */
export const publishedMeanwhile = (from: number) =>
  new AppError('conflict', `version ${from} is no longer the live one: check the moves against the new one`);
