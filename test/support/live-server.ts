import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildServer, ensureDefaultWorkspace, type Server } from '../../src/app/index.ts';
import { systemClock } from '../../src/core/index.ts';
import { SqliteStore } from '../../src/storage/index.ts';

export type LiveServer = {
  store: SqliteStore;
  server: Server;
  /** `http://127.0.0.1:<port>` */
  base: string;
  workspaceId: number;
  close(): Promise<void>;
};

/**
 * A real server on a free port over a fresh SQLite file, with the default workspace holding the given
 * keys: what the end-to-end tests send their requests to.
 */
export async function startLiveServer(
  keys: { writeKey: string; secretKey: string },
  /** Runs before the server listens, e.g. to add hooks (Fastify refuses them afterwards). */
  prepare: (server: Server) => void = () => {},
): Promise<LiveServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-e2e-'));
  const store = new SqliteStore(path.join(dir, 'loopline.db'));
  await store.migrate();
  const boot = await ensureDefaultWorkspace(store, systemClock, keys);
  const server = await buildServer({
    config: { ingestQueueMax: 50_000, ingestBatchMax: 5_000, publicUrl: undefined },
    store,
    clock: systemClock,
    logger: false,
  });
  prepare(server);
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    store,
    server,
    base,
    workspaceId: boot.workspace.id,
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
