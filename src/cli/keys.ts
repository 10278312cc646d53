import { parseArgs } from 'node:util';
import { DEFAULT_WORKSPACE } from '../app/index.ts';
import { AppError } from '../core/index.ts';
import type { Store } from '../storage/index.ts';
import type { ApiKey } from '../workspaces/index.ts';
import { createKey, rotateKey } from '../workspaces/index.ts';
import { openContext } from './context.ts';

const HELP = `Usage:
  loopline keys list [--workspace NAME]
  loopline keys create --kind write|secret [--workspace NAME] [--name LABEL]
  loopline keys rotate <id>      new key of the same kind, the old one revoked
  loopline keys revoke <id>

Keys are shown in full only when created; the store keeps their SHA-256 digest.`;

/** Manages API keys. A running server notices revocations within a few seconds. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      workspace: { type: 'string' },
      kind: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, id] = positionals;
  if (values.help || !action) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const { store, clock } = await openContext();
  try {
    const now = clock.now();
    if (action === 'list') {
      const workspace = values.workspace ? await workspaceId(store, values.workspace) : undefined;
      const names = new Map((await store.workspaces.list()).map((w) => [w.id, w.name]));
      const keys = await store.keys.list(workspace);
      console.log(['id', 'workspace', 'kind', 'name', 'key', 'created', 'status'].join('\t'));
      for (const k of keys) console.log(row(k, names.get(k.workspaceId) ?? String(k.workspaceId)));
      return 0;
    }
    if (action === 'create') {
      if (values.kind !== 'write' && values.kind !== 'secret')
        throw new AppError('bad_request', '--kind must be write or secret');
      const ws = await workspaceId(store, values.workspace ?? DEFAULT_WORKSPACE);
      const { key, record } = await createKey(store, {
        workspaceId: ws,
        kind: values.kind,
        name: values.name ?? 'cli',
        now,
      });
      console.log(`created ${record.kind} key ${record.id}: ${key}\n(store it now: it is not shown again)`);
      return 0;
    }
    const keyId = Number(id);
    if (!Number.isInteger(keyId) || keyId < 1)
      throw new AppError('bad_request', `${action} needs a key id (see keys list)`);
    if (action === 'rotate') {
      const rotated = await rotateKey(store, keyId, now);
      if (!rotated) throw new AppError('not_found', `no live key ${keyId}`);
      console.log(
        `revoked key ${keyId}; new ${rotated.record.kind} key ${rotated.record.id}: ${rotated.key}`,
      );
      return 0;
    }
    if (action === 'revoke') {
      if (!(await store.keys.revoke(keyId, now))) throw new AppError('not_found', `no live key ${keyId}`);
      console.log(`revoked key ${keyId}`);
      return 0;
    }
    throw new AppError('bad_request', `unknown action "${action}"\n${HELP}`);
  } finally {
    await store.close();
  }
}

async function workspaceId(store: Store, name: string): Promise<number> {
  const workspace = await store.workspaces.getByName(name);
  if (!workspace) throw new AppError('not_found', `no workspace "${name}" (see loopline workspaces list)`);
  return workspace.id;
}

function row(k: ApiKey, workspace: string): string {
  const status = k.revokedAt === null ? 'active' : `revoked ${new Date(k.revokedAt).toISOString()}`;
  return [k.id, workspace, k.kind, k.name, `${k.prefix}…`, new Date(k.createdAt).toISOString(), status].join(
    '\t',
  );
}
