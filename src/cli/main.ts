import { ConfigError } from '../config/index.ts';
import { AppError } from '../core/index.ts';
import { MigrationError } from '../storage/index.ts';

/** `loopline <command>`: each command lives in its own file and is loaded only when used. */
const COMMANDS: Record<
  string,
  { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }
> = {
  start: {
    summary: 'run the server (embedded SQLite unless DATABASE_URL is set)',
    load: () => import('./start.ts'),
  },
  migrate: { summary: 'apply database migrations and exit', load: () => import('./migrate.ts') },
  keys: { summary: 'list, create, rotate and revoke API keys', load: () => import('./keys.ts') },
  workspaces: { summary: 'list and create workspaces', load: () => import('./workspaces.ts') },
  users: {
    summary: 'list, add, change the role of and remove dashboard users',
    load: () => import('./users.ts'),
  },
  lifecycle: {
    summary: 'show or apply the lifecycle model (a YAML/JSON file or a preset), with a dry run',
    load: () => import('./lifecycle.ts'),
  },
  journeys: {
    summary: 'list, apply (create or update, then publish) and export journeys; the ready-made templates',
    load: () => import('./journeys.ts'),
  },
  templates: {
    summary: 'list, apply (create or update, then publish) and export message templates',
    load: () => import('./templates.ts'),
  },
  predict: {
    summary: 'fit the purchase and spend models (BG/NBD, Gamma-Gamma) and store predictions',
    load: () => import('./predict.ts'),
  },
  analytics: {
    summary: 'the stage KPI overview, KPI values per period and the KPI catalog',
    load: () => import('./analytics.ts'),
  },
  demo: {
    summary: 'load a simulated apparel store or fitness app (18 months of customers); --live keeps it going',
    load: () => import('./demo.ts'),
  },
  import: {
    summary: 'import NDJSON messages, a customer CSV or the CDNOW log',
    load: () => import('./import.ts'),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `Usage: loopline <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun loopline <command> --help for its options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load()).run(args);
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof AppError ||
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      console.error(`loopline ${name}: ${(error as Error).message}`);
      return 2;
    }
    // A database the migrations do not fit: what to do is in the message, a stack trace would bury it.
    if (error instanceof MigrationError) {
      console.error(`loopline ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
