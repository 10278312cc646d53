import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_WORKSPACE, ensureDefaultWorkspace } from '../app/index.ts';
import { AppError } from '../core/index.ts';
import {
  DEFAULT_BATCH_SIZE,
  detectFormat,
  firstLine,
  IMPORT_FORMATS,
  ImportError,
  type ImportFormat,
  Progress,
  ROW_PARSERS,
  readLines,
  runImport,
} from '../import/index.ts';
import type { Store } from '../storage/index.ts';
import type { Workspace } from '../workspaces/index.ts';
import { type CliContext, openContext } from './context.ts';

/** The CDNOW log that `--cdnow` imports: in `shared/data/cdnow/` beside the checkout. */
const CDNOW_MASTER = path.resolve(import.meta.dirname, '../../../shared/data/cdnow/CDNOW_master.txt');
/** Rejected rows printed by default; the summary counts them all. */
const SHOWN_ERRORS = 100;

const HELP = `Usage:
  loopline import <file> [--format ndjson|csv|cdnow] [--workspace NAME]
  loopline import --cdnow [file] [--workspace NAME]

Formats (from the extension, else from the first line, unless --format says):
  ndjson  one Segment message per line, each with a type (.ndjson, .jsonl, .json)
  csv     customers: a header row, then one identify per row (.csv). The userId, user_id or id
          column is the userId, the other columns become traits; true/false and plain numbers
          are typed, empty cells left out. A row with no id but an email is keyed by that email.
  cdnow   the CDNOW log (customer_id date cds dollars, or the sample's master_id sample_id date
          cds dollars): each row an "Order Completed" event with revenue and quantity.
          --cdnow alone imports ${CDNOW_MASTER}

Options:
  --workspace NAME   workspace to import into (default: ${DEFAULT_WORKSPACE}, created if missing)
  --batch-size N     messages per transaction (default ${DEFAULT_BATCH_SIZE})
  --all-errors       print every rejected row (default: the first ${SHOWN_ERRORS})

Messages are validated like the HTTP API's /v1/import. Rows without a messageId get one derived from
their content, so running an import again (after an interruption, say) stores nothing twice.
Exit status: 0 when rows were stored or were all there already, 1 when no row could be imported.`;

/** Imports a file of messages, customers or CDNOW purchases; prints bad rows and a summary. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      cdnow: { type: 'boolean' },
      workspace: { type: 'string' },
      'batch-size': { type: 'string' },
      'all-errors': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new AppError('bad_request', 'import takes one file at a time');
  const file = positionals[0] ?? (values.cdnow ? CDNOW_MASTER : undefined);
  if (!file) {
    console.error(HELP);
    return 2;
  }
  const format = await resolveFormat(file, values.format, values.cdnow === true);
  const batchSize = Number(values['batch-size'] ?? DEFAULT_BATCH_SIZE);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new AppError('bad_request', '--batch-size must be a whole number from 1 to 100000');
  }

  const context = await openContext();
  try {
    const workspace = await targetWorkspace(context, values.workspace ?? DEFAULT_WORKSPACE);
    const reader = await readLines(file);
    const progress = new Progress({
      total: reader.size,
      write: (text) => process.stderr.write(text),
      tty: process.stderr.isTTY === true,
      columns: process.stderr.columns,
    });
    const limit = values['all-errors'] ? Number.POSITIVE_INFINITY : SHOWN_ERRORS;
    console.error(`importing ${file} (${format}) into workspace "${workspace.name}"`);
    let shown = 0;
    let summary: Awaited<ReturnType<typeof runImport>>;
    try {
      summary = await runImport({
        store: context.store,
        workspace,
        clock: context.clock,
        batchSize,
        rows: ROW_PARSERS[format](reader.lines),
        onRejected: (line, reason) => {
          if (shown++ < limit) progress.log(`line ${line}: ${reason}`);
        },
        onProgress: (counts) => progress.update(reader.bytesRead(), counts.read),
      });
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      progress.clear();
      console.error(`loopline import: ${error.message}`);
      return 1;
    } finally {
      progress.clear();
    }
    if (summary.rejected > limit) {
      console.error(`(${summary.rejected - limit} more rejected rows not shown; --all-errors shows them)`);
    }
    const { read, stored, duplicates, rejected, seconds } = summary;
    const rate = seconds > 0 ? Math.round(read / seconds) : read;
    console.log(
      `${read} rows read: ${stored} stored, ${duplicates} duplicates skipped, ${rejected} rejected` +
        ` in ${seconds.toFixed(2)} s (${rate} rows/s)`,
    );
    if (read === 0) console.error('the file holds no rows');
    return stored + duplicates > 0 ? 0 : 1;
  } finally {
    await context.store.close();
  }
}

/** The format asked for, or the one the file looks like; checks first that the file is there. */
async function resolveFormat(file: string, asked: string | undefined, cdnow: boolean): Promise<ImportFormat> {
  if (asked !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(asked)) {
    throw new AppError('bad_request', `--format must be one of ${IMPORT_FORMATS.join(', ')}`);
  }
  if (cdnow && asked !== undefined && asked !== 'cdnow') {
    throw new AppError('bad_request', `--cdnow contradicts --format ${asked}`);
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    const hint =
      file === CDNOW_MASTER
        ? ' (--cdnow looks in shared/data/cdnow/ beside the checkout; give the path)'
        : '';
    throw new AppError('not_found', `no file ${file}${hint}`);
  }
  if (cdnow) return 'cdnow';
  if (asked !== undefined) return asked as ImportFormat;
  const detected = detectFormat(file, await firstLine(file));
  if (!detected) {
    throw new AppError(
      'bad_request',
      `cannot tell the format of ${file}; say --format ${IMPORT_FORMATS.join('|')}`,
    );
  }
  return detected;
}

/** The named workspace; the default one is created (with its keys, printed once) when missing. */
async function targetWorkspace(context: CliContext, name: string): Promise<Workspace> {
  const { store, clock, config } = context;
  if (name !== DEFAULT_WORKSPACE) return await namedWorkspace(store, name);
  const boot = await ensureDefaultWorkspace(store, clock, {
    writeKey: config.writeKey,
    secretKey: config.secretKey,
  });
  for (const { kind, key } of boot.created) {
    console.error(`created workspace "${name}" ${kind} key: ${key} (shown only now)`);
  }
  return boot.workspace;
}

async function namedWorkspace(store: Store, name: string): Promise<Workspace> {
  const workspace = await store.workspaces.getByName(name);
  if (!workspace) throw new AppError('not_found', `no workspace "${name}" (see loopline workspaces list)`);
  return workspace;
}
