/**
 * Placeholder values that SDKs and hand-written integrations send when they have no real identifier.
 * Linking on one of them would merge every visitor who sent it into one profile.
 */
const JUNK = new Set([
  '',
  'null',
  'undefined',
  'nil',
  'none',
  'nan',
  'anonymous',
  'anon',
  'unknown',
  'guest',
  '0',
  '-1',
  'false',
  'true',
  '[object object]',
  '00000000-0000-0000-0000-000000000000',
  'n/a',
  'na',
]);

/** True when an identifier is a placeholder that must never link anything. */
export function isJunkIdentifier(value: string): boolean {
  return JUNK.has(value.trim().toLowerCase());
}

/** Lower-cased, trimmed email, or null when it does not look like an address. */
export function normalizeEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return null;
  return isJunkIdentifier(email) ? null : email;
}
