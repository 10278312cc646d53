import type { Message } from '../core/index.ts';
import type { IdentitySettings, IngestOutcome } from '../identity/index.ts';

/** One request's messages, to be stored with its workspace's identity settings. */
export type IngestGroup = { workspaceId: number; messages: Message[]; settings: IdentitySettings };

/** Where accepted messages go. */
export interface IngestStorage {
  /**
   * Stores the messages of several requests in one transaction (group commit): de-duplicates by
   * messageId per workspace, resolves identities, writes events and profiles. One outcome per group.
   */
  commit(groups: IngestGroup[], now: number): Promise<IngestOutcome[]>;
}
