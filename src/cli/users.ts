import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { DEFAULT_WORKSPACE } from '../app/index.ts';
import { AppError } from '../core/index.ts';
import type { Store } from '../storage/index.ts';
import { addMember, changeMember, isRole, normalizeEmail } from '../users/index.ts';
import { openContext } from './context.ts';

const HELP = `Usage:
  loopline users list [--workspace NAME]
  loopline users add --email EMAIL --role admin|editor|viewer [--workspace NAME] [--password-stdin]
  loopline users role <email> admin|editor|viewer [--workspace NAME]
  loopline users remove <email> [--workspace NAME]

A new account gets a random password printed once, or the one read from stdin with --password-stdin
(never from the command line, where other users of the machine can read it).`;

/** Manages dashboard users and their roles per workspace. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      workspace: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, email, role] = positionals;
  if (values.help || !action) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const password = values['password-stdin'] ? (await text(process.stdin)).replace(/\r?\n$/, '') : undefined;
  const { store, clock } = await openContext();
  try {
    const workspace = await workspaceNamed(store, values.workspace ?? DEFAULT_WORKSPACE);
    const now = clock.now();
    if (action === 'list') {
      console.log(['id', 'email', 'role', 'since'].join('\t'));
      for (const { user, membership } of await store.users.members(workspace.id))
        console.log(
          [user.id, user.email, membership.role, new Date(membership.createdAt).toISOString()].join('\t'),
        );
      return 0;
    }
    if (action === 'add') {
      if (!values.email) throw new AppError('bad_request', 'add needs --email');
      if (!isRole(values.role)) throw new AppError('bad_request', '--role must be admin, editor or viewer');
      const exists = (await store.users.findByEmail(normalizeEmail(values.email))) !== null;
      const chosen = exists ? undefined : (password ?? randomBytes(12).toString('base64url'));
      const { user } = await addMember(store.users, {
        email: values.email,
        password: chosen,
        role: values.role,
        workspaceId: workspace.id,
        now,
      });
      console.log(`${user.email} is ${values.role} of workspace "${workspace.name}"`);
      if (chosen && !password) console.log(`password (shown only now): ${chosen}`);
      return 0;
    }
    const user = email ? await store.users.findByEmail(normalizeEmail(email)) : null;
    if (!user) throw new AppError('not_found', `no user ${email ?? '(give an email)'}`);
    if (action === 'role') {
      if (!isRole(role)) throw new AppError('bad_request', 'role must be admin, editor or viewer');
      await changeMember(store.users, { userId: user.id, workspaceId: workspace.id, role, now });
      console.log(`${user.email} is now ${role} of workspace "${workspace.name}"`);
      return 0;
    }
    if (action === 'remove') {
      await changeMember(store.users, { userId: user.id, workspaceId: workspace.id, role: null, now });
      console.log(`${user.email} removed from workspace "${workspace.name}"`);
      return 0;
    }
    throw new AppError('bad_request', `unknown action "${action}"\n${HELP}`);
  } finally {
    await store.close();
  }
}

async function workspaceNamed(store: Store, name: string) {
  const found = await store.workspaces.getByName(name);
  if (!found) throw new AppError('not_found', `no workspace "${name}" (see loopline workspaces list)`);
  return found;
}
