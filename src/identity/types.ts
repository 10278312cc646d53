import type { JsonObject, Message } from '../core/index.ts';

/** The kinds of identifier in the identity graph. */
export type IdentityKind = 'user_id' | 'anonymous_id' | 'email';

/** `kind:value`, the key of one identifier in a workspace. */
export type IdentityKey = string;

/** The part of a profile that identity resolution reads and changes. */
export type ProfileState = {
  id: number;
  userId: string | null;
  email: string | null;
  traits: JsonObject;
  /** Per trait, the timestamp (ms) of the message that last set it: the later one wins. */
  traitTimes: Record<string, number>;
  firstSeen: number;
  lastSeen: number;
  identityCount: number;
};

export type IdentitySettings = {
  /** Link profiles that share an email address (identify traits.email). */
  identifyByEmail: boolean;
  /** Most identifiers one profile may hold; stops a shared device id from merging everyone. */
  maxIdentitiesPerCustomer: number;
};

export const DEFAULT_IDENTITY_SETTINGS: IdentitySettings = {
  identifyByEmail: false,
  maxIdentitiesPerCustomer: 100,
};

export type MergeRecord = {
  fromCustomerId: number;
  intoCustomerId: number;
  reason: string;
  messageId: string;
  at: number;
};

export type NewIdentity = { kind: IdentityKind; value: string; customerId: number };

/** What one batch of messages does to the identity graph and profiles; the store carries it out. */
export type IngestPlan = {
  /** How many new profile ids the plan needs (its profiles are numbered -1, -2, ... until assigned). */
  newProfileCount: number;
  /** Profiles created by this batch that still exist at its end. */
  created: ProfileState[];
  /** Existing profiles whose state changed. */
  updated: ProfileState[];
  /** Existing profiles of which only first or last seen moved: the common case, kept cheap to write. */
  seen: { id: number; firstSeen: number; lastSeen: number }[];
  /** Merges in order; profiles merged away are deleted, their events and identities moved. */
  merges: MergeRecord[];
  identities: NewIdentity[];
  /** Every message with the profile it belongs to once the batch is done. */
  events: { message: Message; customerId: number }[];
};
