import { parseArgs } from 'node:util';
import { AppError } from '../core/index.ts';
import { DEFAULT_IDENTITY_SETTINGS } from '../identity/index.ts';
import { createKey } from '../workspaces/index.ts';
import { openContext } from './context.ts';

const HELP = `Usage:
  loopline workspaces list
  loopline workspaces create <name> [--identify-by-email]   prints the new workspace's write and secret keys`;

/** Lists and creates workspaces; each has its own keys, customers and events. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'identify-by-email': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [action, name] = positionals;
  if (values.help || !action) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const { store, clock } = await openContext();
  try {
    if (action === 'list') {
      console.log(['id', 'name', 'created', 'events'].join('\t'));
      for (const w of await store.workspaces.list()) {
        console.log(
          [w.id, w.name, new Date(w.createdAt).toISOString(), await store.customers.countEvents(w.id)].join(
            '\t',
          ),
        );
      }
      return 0;
    }
    if (action === 'create') {
      if (!name || !/^[\w.-]{1,64}$/.test(name)) {
        throw new AppError(
          'bad_request',
          'workspace name: 1-64 letters, digits, dots, dashes or underscores',
        );
      }
      if (await store.workspaces.getByName(name))
        throw new AppError('conflict', `workspace "${name}" exists`);
      const now = clock.now();
      const identity = {
        ...DEFAULT_IDENTITY_SETTINGS,
        identifyByEmail: values['identify-by-email'] === true,
      };
      const workspace = await store.workspaces.create(name, { identity }, now);
      const write = await createKey(store, {
        workspaceId: workspace.id,
        kind: 'write',
        name: 'default',
        now,
      });
      const secret = await createKey(store, {
        workspaceId: workspace.id,
        kind: 'secret',
        name: 'default',
        now,
      });
      console.log(
        `created workspace ${workspace.id} "${name}"\n  write key  ${write.key}\n  secret key ${secret.key}\n(store them now: they are not shown again)`,
      );
      return 0;
    }
    throw new AppError('bad_request', `unknown action "${action}"\n${HELP}`);
  } finally {
    await store.close();
  }
}
