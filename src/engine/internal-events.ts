import type { Message } from '../core/index.ts';
import type { CustomerRecord, SegmentChange, StageMove } from './types.ts';

const LIBRARY = { name: 'loopline', version: '1' };

function internal(
  record: Pick<CustomerRecord, 'userId' | 'anonymousId'>,
  messageId: string,
  name: string,
  at: number,
  now: number,
  properties: Record<string, string | number | null>,
): Message {
  return {
    messageId,
    type: 'track',
    userId: record.userId,
    anonymousId: record.userId ? null : record.anonymousId,
    name,
    timestamp: at,
    receivedAt: now,
    payload: { properties, context: { library: LIBRARY } },
  };
}

/**
 * Stage Exited and Stage Entered for a recorded move. Their message ids derive from the move's id,
 * so the pair is written once however often a pass is retried; zero-padded so that new ids sort after
 * the old ones and land at the end of the message-id index instead of all over it.
 */
export function stageEvents(record: CustomerRecord, move: StageMove, moveId: number, now: number): Message[] {
  const common = { cause: move.cause, model_version: move.modelVersion, move_id: moveId };
  const id = String(moveId).padStart(15, '0');
  const out: Message[] = [];
  if (move.from !== null) {
    out.push(
      internal(record, `loopline:move:${id}:exited`, 'Stage Exited', move.at, now, {
        stage: move.from,
        to_stage: move.to,
        ...common,
      }),
    );
  }
  out.push(
    internal(record, `loopline:move:${id}:entered`, 'Stage Entered', move.at, now, {
      stage: move.to,
      from_stage: move.from,
      ...common,
    }),
  );
  return out;
}

/** Segment Entered or Segment Exited for one membership change (rule segments and uploaded lists). */
export function segmentEvent(
  record: Pick<CustomerRecord, 'userId' | 'anonymousId'>,
  change: SegmentChange,
  sequence: string,
  now: number,
): Message {
  const name = change.entered ? 'Segment Entered' : 'Segment Exited';
  // Time first, for the same reason as a move's ids.
  const id = `loopline:segment:${sequence}:${change.segmentId}:${change.customerId}:${change.entered ? 'in' : 'out'}`;
  return internal(record, id, name, change.at, now, {
    segment: change.segment,
    segment_id: change.segmentId,
  });
}
