import { normalizeEmail } from '../identity/index.ts';
import type { Identifiers, Resolution } from '../segments/index.ts';

/** How an adapter finds customers by each kind of identifier, many values per query. */
export type IdentifierFinders = {
  /** Each user id to the customers that have it among their user ids. */
  userIds(values: string[]): Promise<Map<string, number[]>>;
  /** Each normalised email to the customers with that email (profile or identity). */
  emails(values: string[]): Promise<Map<string, number[]>>;
  /** Each id to itself when it is a customer of the workspace, or to its survivor when merged away. */
  customerIds(values: number[]): Promise<Map<number, number>>;
};

/**
 * The customers uploaded identifiers name, and the identifiers (as uploaded) that name no one.
 * Repeats count once; emails are normalised as ingest stores them, so `Ann@Example.com ` finds ann.
 */
export async function resolveIdentifiers(ids: Identifiers, find: IdentifierFinders): Promise<Resolution> {
  const emails = new Map<string, string>();
  const unmatched: Identifiers = { userIds: [], emails: [], customerIds: [] };
  for (const raw of new Set(ids.emails)) {
    const email = normalizeEmail(raw);
    if (email === null) unmatched.emails.push(raw);
    else if (!emails.has(email)) emails.set(email, raw);
  }
  const userIds = [...new Set(ids.userIds)];
  const customerIds = [...new Set(ids.customerIds)];
  const [byUser, byEmail, byId] = await Promise.all([
    userIds.length ? find.userIds(userIds) : new Map<string, number[]>(),
    emails.size ? find.emails([...emails.keys()]) : new Map<string, number[]>(),
    customerIds.length ? find.customerIds(customerIds) : new Map<number, number>(),
  ]);
  const found = new Set<number>();
  for (const id of userIds) {
    const hits = byUser.get(id) ?? [];
    if (hits.length === 0) unmatched.userIds.push(id);
    for (const c of hits) found.add(c);
  }
  for (const [email, raw] of emails) {
    const hits = byEmail.get(email) ?? [];
    if (hits.length === 0) unmatched.emails.push(raw);
    for (const c of hits) found.add(c);
  }
  for (const id of customerIds) {
    const hit = byId.get(id);
    if (hit === undefined) unmatched.customerIds.push(id);
    else found.add(hit);
  }
  return { customerIds: [...found].sort((a, b) => a - b), unmatched };
}
