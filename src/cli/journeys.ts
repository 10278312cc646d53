import { readFileSync } from 'node:fs';
import { AppError } from '../core/index.ts';
import {
  describeTrigger,
  isTemplateKey,
  journeyFromInput,
  journeyToDocument,
  loadTemplate,
  publishJourney,
  sendsOf,
  TEMPLATE_KEYS,
} from '../journeys/index.ts';
import { installStarters } from '../messaging/index.ts';
import { asCodeArgs } from './as-code-args.ts';
import { openContext } from './context.ts';

const HELP = `Usage:
  loopline journeys list [--workspace <name>]
  loopline journeys templates
  loopline journeys apply <file.yaml|template> [--draft] [--dry-run] [--move <old>=<new>]... [--workspace <name>]
      creates the journey (or replaces the draft of the one with its key) and publishes it as its next
      version; --draft saves without publishing; --dry-run checks it and says what apply would do;
      --move moves the customers waiting at node <old> of the live version onto node <new> of the new
      one (others finish on their version)
  loopline journeys export <key> [--workspace <name>]   the draft as YAML, to keep in git`;

/** Journeys as code: files reviewed in git, applied from the command line. */
export async function run(args: string[]): Promise<number> {
  const parsed = asCodeArgs(args, HELP, {
    'dry-run': { type: 'boolean' },
    move: { type: 'string', multiple: true },
  });
  if (typeof parsed === 'number') return parsed;
  const { action, target, values } = parsed;
  if (action === 'templates') {
    for (const key of TEMPLATE_KEYS) {
      const j = loadTemplate(key);
      console.log(`${key.padEnd(20)} ${describeTrigger(j).padEnd(36)} ${j.name}`);
    }
    return 0;
  }
  if (action !== 'list' && action !== 'apply' && action !== 'export')
    throw new AppError('bad_request', `unknown action "${action}"\n${HELP}`);
  if (action !== 'list' && !target)
    throw new AppError(
      'bad_request',
      `loopline journeys ${action} needs a ${action === 'apply' ? 'file or template' : 'key'}`,
    );
  const { store, clock } = await openContext({ engine: false });
  try {
    const ws = await store.workspaces.getByName(parsed.workspace);
    if (!ws) throw new AppError('not_found', `no workspace "${values.workspace}"`);
    const journeys = await store.journeys.list(ws.id);
    if (action === 'list') {
      console.log(['id', 'key', 'status', 'version', 'name'].join('\t'));
      for (const j of journeys) console.log([j.id, j.key, j.status, j.liveVersion ?? '-', j.name].join('\t'));
      return 0;
    }
    if (action === 'export') {
      const j = journeys.find((x) => x.key === target);
      if (!j) throw new AppError('not_found', `no journey "${target}" in workspace "${ws.name}"`);
      process.stdout.write(journeyToDocument(j.draft));
      return 0;
    }
    const draft = isTemplateKey(target!)
      ? journeyFromInput({ template: target })
      : journeyFromInput({ document: readFileSync(target!, 'utf8') });
    const existing = journeys.find((x) => x.key === draft.key);
    if (values['dry-run']) {
      const verb = existing
        ? `replace the draft of journey ${existing.id} (${existing.status})`
        : 'create it';
      console.log(
        `journey "${draft.key}" is valid (${draft.nodes.length} nodes, ${describeTrigger(draft)}); apply would ${verb}${parsed.draft ? '' : ' and publish it'}`,
      );
      return 0;
    }
    const now = clock.now();
    if (isTemplateKey(target!)) await installStarters(store, ws.id, sendsOf(draft), now);
    const saved = existing
      ? await store.journeys.saveDraft(ws.id, existing.id, draft, now)
      : await store.journeys.create(ws.id, draft, now);
    if (!saved) throw new AppError('conflict', `journey "${draft.key}" could not be saved`);
    if (parsed.draft) {
      console.log(`journey "${saved.key}" (id ${saved.id}): draft saved`);
      return 0;
    }
    const version = await publishJourney(store, ws.id, saved, now, nodeMoves(values.move));
    console.log(`journey "${saved.key}" (id ${saved.id}): version ${version} published`);
    return 0;
  } finally {
    await store.close();
  }
}

/** `--move old=new` options as a node mapping; a malformed one is refused, never skipped. */
function nodeMoves(option: unknown): Record<string, string> {
  const moves: Record<string, string> = {};
  for (const pair of Array.isArray(option) ? (option as string[]) : []) {
    const [from, to, ...rest] = pair.split('=');
    if (!from || !to || rest.length > 0)
      throw new AppError('bad_request', `--move ${pair}: expected <old node>=<new node>`);
    moves[from] = to;
  }
  return moves;
}
