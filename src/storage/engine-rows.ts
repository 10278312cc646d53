import type { JsonObject, MessageType } from '../core/index.ts';
import type { CustomerRecord, CustomerState, EngineEvent } from '../engine/index.ts';
import { decodeFeatures, encodeFeatures } from '../features/index.ts';

/** Maps engine rows both ways. SQLite hands JSON back as text, PostgreSQL as parsed jsonb. */
type Row = Record<string, unknown>;

const parse = <T>(value: unknown, empty: T): T =>
  value === null || value === undefined
    ? empty
    : typeof value === 'string'
      ? (JSON.parse(value) as T)
      : (value as T);
const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/** A customers row joined with its customer_state row (state columns null when there is none). */
export function toCustomerRecord(r: Row): CustomerRecord {
  const hasState = r.updated_state !== null && r.updated_state !== undefined;
  const featuresText = typeof r.features === 'string' ? r.features : JSON.stringify(r.features ?? {});
  const state: CustomerState | null = hasState
    ? {
        stage: (r.stage as string | null) ?? null,
        stageSince: numOrNull(r.stage_since),
        modelVersion: numOrNull(r.model_version),
        segments: parse<string[]>(r.segments, []),
        features: decodeFeatures(featuresText),
        featuresText,
        signature: (r.signature as string | null) ?? null,
        predictions: parse<Record<string, number>>(r.predictions, {}),
        wakeAt: numOrNull(r.wake_at),
      }
    : null;
  return {
    id: Number(r.id),
    workspaceId: Number(r.workspace_id),
    userId: (r.user_id as string | null) ?? null,
    anonymousId: (r.anonymous_id as string | null) ?? null,
    traits: parse<JsonObject>(r.traits, {}),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
    state,
  };
}

export function toEngineEvent(r: Row): EngineEvent {
  return {
    id: Number(r.id),
    workspaceId: Number(r.workspace_id),
    customerId: Number(r.customer_id),
    type: r.type as MessageType,
    name: (r.name as string | null) ?? null,
    timestamp: Number(r.timestamp),
    payload: typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload),
  };
}

/** The state columns in write order: stage, stage_since, model_version, segments, features, signature, predictions, wake_at. */
export function stateColumns(
  s: CustomerState,
): [string | null, number | null, number | null, string, string, string | null, string, number | null] {
  return [
    s.stage,
    s.stageSince,
    s.modelVersion,
    JSON.stringify(s.segments),
    s.featuresText ?? encodeFeatures(s.features),
    s.signature,
    JSON.stringify(s.predictions),
    s.wakeAt,
  ];
}
