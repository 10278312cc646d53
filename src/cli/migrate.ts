import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.ts';
import { openStore } from '../storage/index.ts';

/** Applies pending migrations to the configured store and says which. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(
      'Usage: loopline migrate\n\nApplies the numbered migrations not yet applied to the configured store.',
    );
    return 0;
  }
  const config = loadConfig();
  const store = await openStore(config);
  try {
    const applied = await store.migrate();
    const where = config.store === 'postgres' ? 'PostgreSQL' : config.sqlitePath;
    console.log(
      applied.length ? `applied migrations ${applied.join(', ')} to ${where}` : `${where} is up to date`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
