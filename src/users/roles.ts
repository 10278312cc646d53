import { ROLES, type Role } from './types.ts';

/** True when `role` grants at least what `needed` does. */
export const roleAtLeast = (role: Role, needed: Role): boolean =>
  ROLES.indexOf(role) >= ROLES.indexOf(needed);

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** The admin API's areas that change who may do what, or how the workspace is set up. */
const ADMIN_AREAS = ['/users', '/keys', '/settings'];

/**
 * The role an admin API request needs, from its method and its path below /api/v1: reading needs a
 * viewer, changing an editor, and users, keys and settings an admin whatever the method.
 * @example requiredRole('GET', '/customers') // 'viewer'
 */
export function requiredRole(method: string, path: string): Role {
  if (ADMIN_AREAS.some((area) => path === area || path.startsWith(`${area}/`) || path.startsWith(`${area}?`)))
    return 'admin';
  return method === 'GET' || method === 'HEAD' ? 'viewer' : 'editor';
}
