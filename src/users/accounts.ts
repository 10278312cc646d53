import { AppError } from '../core/index.ts';
import { normalizeEmail } from './login-limit.ts';
import { hashPassword, passwordProblem } from './password.ts';
import type { Role, User, UserStorage } from './types.ts';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Adds a member to a workspace: an existing account gets the role there; a new one is created with
 * the password given. Throws a bad_request in words when the email or password will not do.
 */
export async function addMember(
  users: UserStorage,
  input: { email: string; password?: string; role: Role; workspaceId: number; now: number },
): Promise<{ user: User; created: boolean }> {
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email)) throw new AppError('bad_request', `"${input.email}" is not an email address`);
  let user = await users.findByEmail(email);
  const created = !user;
  if (!user) {
    if (input.password === undefined)
      throw new AppError('bad_request', `${email} has no account yet: give a password for it`);
    const problem = passwordProblem(input.password);
    if (problem) throw new AppError('bad_request', problem);
    user = await users.create({
      email,
      passwordHash: await hashPassword(input.password),
      createdAt: input.now,
    });
  }
  await users.setRole(user.id, input.workspaceId, input.role, input.now);
  return { user, created };
}

/**
 * Changes a member's role, or removes them (role null), refusing to leave a workspace with no admin:
 * nobody could then manage its users or keys from the dashboard.
 */
export async function changeMember(
  users: UserStorage,
  input: { userId: number; workspaceId: number; role: Role | null; now: number },
): Promise<void> {
  const members = await users.members(input.workspaceId);
  const member = members.find((m) => m.user.id === input.userId);
  if (!member) throw new AppError('not_found', `user ${input.userId} is not a member of this workspace`);
  const admins = members.filter((m) => m.membership.role === 'admin');
  if (member.membership.role === 'admin' && input.role !== 'admin' && admins.length === 1)
    throw new AppError('conflict', "this is the workspace's only admin: make another member admin first");
  if (input.role === null) {
    await users.removeMembership(input.userId, input.workspaceId);
    // Sessions belong to the account, which may be in other workspaces: each request checks the
    // membership, so access to this workspace ends with it.
    if ((await users.memberships(input.userId)).length === 0) await users.remove(input.userId);
  } else await users.setRole(input.userId, input.workspaceId, input.role, input.now);
}

/** Creates the first user as admin of every workspace given (they run the server); returns their email. */
export async function addFirstAdmin(
  users: UserStorage,
  workspaceIds: number[],
  email: string,
  password: string,
  now: number,
): Promise<string> {
  let stored = normalizeEmail(email);
  for (const workspaceId of workspaceIds)
    stored = (await addMember(users, { email, password, role: 'admin', workspaceId, now })).user.email;
  return stored;
}
