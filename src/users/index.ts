export { addFirstAdmin, addMember, changeMember } from './accounts.ts';
export {
  addressSubject,
  emailSubject,
  LOGIN_WINDOW_MS,
  loginBlocked,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_EMAIL,
  normalizeEmail,
} from './login-limit.ts';
export { hashPassword, passwordProblem, verifyPassword } from './password.ts';
export { isRole, requiredRole, roleAtLeast } from './roles.ts';
// The shapes the API validates with (the contract re-exports them by name).
export * from './schemas.ts';
export { csrfMatches, csrfToken, hashToken, newSessionToken, SESSION_MS } from './sessions.ts';
export { liveSession, type SignIn, signIn } from './sign-in.ts';
export { type Membership, ROLES, type Role, type Session, type User, type UserStorage } from './types.ts';
