import { parseArgs } from 'node:util';
import { buildServer, DEFAULT_WEB_DIST, ensureDefaultWorkspace, firstRunGuide } from '../app/index.ts';
import { redactedConfig } from '../config/index.ts';
import { openContext } from './context.ts';
import { dashboardAccess } from './dashboard-access.ts';

/** Runs the server until SIGTERM or SIGINT, then drains: stops accepting, commits what is queued, exits. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log('Usage: loopline start\n\nConfigured by environment variables; see the README.');
    return 0;
  }
  const { config, store, clock, logger } = await openContext({ engine: true });
  const boot = await ensureDefaultWorkspace(store, clock, {
    writeKey: config.writeKey,
    secretKey: config.secretKey,
  });
  const setupToken = await dashboardAccess(store, clock, config);
  const server = await buildServer({ config, store, clock, logger, setupToken, webDist: DEFAULT_WEB_DIST });
  const address = await server.app.listen({ port: config.port, host: config.host });
  logger.info({ config: redactedConfig(config), address }, 'loopline listening');

  if (boot.created.length) {
    // Printed once to the terminal, never logged: only the hashes are stored.
    const key = (kind: string) => boot.created.find((k) => k.kind === kind)?.key;
    const url = config.publicUrl ?? `http://localhost:${config.port}`;
    process.stdout.write(
      `\nWelcome to Loopline. Workspace "${boot.workspace.name}" was created with these keys (shown only now):\n` +
        `  write key  (ingest, /v1)          ${key('write') ?? '(set in the environment)'}\n` +
        `  secret key (admin API, /api/v1)   ${key('secret') ?? '(set in the environment)'}\n\n` +
        `${firstRunGuide({ url, writeKey: key('write'), secretKey: key('secret') })}\n`,
    );
  } else {
    process.stdout.write(
      `\nLoopline is running: ${config.publicUrl ?? `http://localhost:${config.port}`}/ has the first-run guide\n`,
    );
  }

  let stopping = false;
  let stopped: (code: number) => void = () => {};
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests and committing queued events');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await server.close();
      await store.close();
      logger.info('stopped');
      logger.flush();
      stopped(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      stopped(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return await new Promise<number>((resolve) => {
    stopped = resolve;
  });
}
