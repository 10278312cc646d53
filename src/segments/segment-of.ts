import { AppError } from '../core/index.ts';
import type { Segment, SegmentStorage } from './segment-store.ts';

/** The segment a key names in the request's workspace; 404 when there is none. */
export async function segmentOf(
  segments: SegmentStorage,
  workspaceId: number,
  key: string,
): Promise<Segment> {
  const segment = await segments.get(workspaceId, key);
  if (!segment) throw new AppError('not_found', `no segment "${key}" in this workspace`);
  return segment;
}
