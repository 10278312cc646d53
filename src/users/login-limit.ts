import { MINUTE } from '../core/index.ts';

/**
 * Failed sign-ins allowed per window before the next is refused unchecked: per email (guessing one
 * account's password) and per client address (trying many accounts). Counted in the store, so a
 * restart does not reset them.
 */
export const LOGIN_WINDOW_MS = 15 * MINUTE;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

export const emailSubject = (email: string) => `email:${normalizeEmail(email)}`;
export const addressSubject = (ip: string) => `ip:${ip}`;

/** Emails compare case-insensitively and without surrounding spaces. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** True when either count has reached its limit. */
export const loginBlocked = (emailFailures: number, addressFailures: number): boolean =>
  emailFailures >= MAX_FAILURES_PER_EMAIL || addressFailures >= MAX_FAILURES_PER_ADDRESS;
