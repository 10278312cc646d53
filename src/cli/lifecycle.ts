import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_WORKSPACE } from '../app/index.ts';
import { AppError } from '../core/index.ts';
import { dryRun, Engine, requireSegments, storedRuntime } from '../engine/index.ts';
import {
  loadPreset,
  modelFromDocument,
  modelToDocument,
  PRESET_NAMES,
  type PresetName,
} from '../lifecycle/index.ts';
import type { Store } from '../storage/index.ts';
import type { Workspace } from '../workspaces/index.ts';
import { openContext } from './context.ts';

const HELP = `Usage:
  loopline lifecycle show [--workspace NAME]            prints the active model as YAML
  loopline lifecycle apply <file.yaml|file.json|preset> [--workspace NAME] [--dry-run] [--wait]
      publishes a model (a file, or a preset: ${PRESET_NAMES.join(', ')}) as the next version;
      --dry-run only prints how many customers would move from where to where;
      --wait runs the recompute here and shows its progress (otherwise the server runs it)
  loopline lifecycle presets                            lists the presets`;

async function workspaceOf(store: Store, name = DEFAULT_WORKSPACE): Promise<Workspace> {
  const ws = await store.workspaces.getByName(name);
  if (!ws)
    throw new AppError(
      'not_found',
      `no workspace "${name}": run loopline start once, or loopline workspaces create`,
    );
  return ws;
}

function readModel(source: string) {
  if (PRESET_NAMES.includes(source as PresetName)) return loadPreset(source as PresetName);
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    throw new AppError('bad_request', `cannot read ${source}: ${(error as Error).message}`);
  }
  const result = modelFromDocument(text, source.endsWith('.json') ? 'json' : 'yaml');
  if (!result.ok) {
    const lines = result.errors.map((e) => `  ${e.path}${e.line ? ` (line ${e.line})` : ''}: ${e.message}`);
    throw new AppError('bad_request', `${source} is not a valid lifecycle model:\n${lines.join('\n')}`);
  }
  return result.model;
}

/** Lifecycle as code: show the active model, apply a file or preset (with a dry run), list presets. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      workspace: { type: 'string' },
      'dry-run': { type: 'boolean' },
      wait: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, source] = positionals;
  if (values.help || !action) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  if (action === 'presets') {
    for (const name of PRESET_NAMES) {
      console.log(
        `${name.padEnd(14)} ${loadPreset(name)
          .stages.map((s) => s.name)
          .join(' → ')}`,
      );
    }
    return 0;
  }
  if (action !== 'show' && action !== 'apply')
    throw new AppError('bad_request', `unknown action "${action}"\n${HELP}`);
  if (action === 'apply' && !source)
    throw new AppError('bad_request', `apply needs a file or a preset\n${HELP}`);
  const model = action === 'apply' ? readModel(source!) : null;

  const { store, clock } = await openContext();
  try {
    const engine = store.engine;
    const ws = await workspaceOf(store, values.workspace);
    if (action === 'show') {
      const active = await engine.getModel(ws.id);
      console.log(
        active ? `# version ${active.version}\n${modelToDocument(active.model)}` : 'no lifecycle model yet',
      );
      return 0;
    }
    await requireSegments(engine, ws.id, model!);
    if (values['dry-run']) {
      const current = await storedRuntime(engine, ws.id);
      const report = await dryRun(engine, current, model!, clock.now());
      console.log(
        `${report.customers} customers: ${report.unchanged} stay, ${report.customers - report.unchanged} move`,
      );
      for (const m of report.moves)
        console.log(`  ${String(m.from ?? '(none)').padEnd(16)} → ${m.to.padEnd(16)} ${m.customers}`);
      return 0;
    }
    const version = await engine.publishModel(ws.id, model!, clock.now());
    console.log(`workspace "${ws.name}": lifecycle model "${model!.name}" is version ${version}`);
    if (values.wait) {
      const runner = new Engine(store, clock);
      for (;;) {
        const step = await runner.step();
        const status = await engine.recomputeStatus(ws.id);
        process.stderr.write(`\rrecomputing: ${status?.done ?? 0} of ${status?.total ?? 0} customers`);
        if (status?.finishedAt !== null && step.idle) break;
      }
      process.stderr.write('\n');
    } else {
      console.log(
        'the running server recomputes every customer under it now (progress: GET /api/v1/lifecycle)',
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
