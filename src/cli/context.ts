import pino, { type Logger } from 'pino';
import { type Config, loadConfig } from '../config/index.ts';
import { type Clock, systemClock } from '../core/index.ts';
import { type OpenStore, openStore } from '../storage/index.ts';

export type CliContext = { config: Config; store: OpenStore; clock: Clock; logger: Logger };

/** Config, logger and a migrated store: what every command that touches data starts from. */
export async function openContext(options: { engine?: boolean } = {}): Promise<CliContext> {
  const config = loadConfig();
  const logger = pino({
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', '*.writeKey', '*.secretKey', '*.databaseUrl'],
      censor: '***',
    },
  });
  const store = await openStore(config, options);
  await store.migrate();
  return { config, store, clock: systemClock, logger };
}
