import { readFileSync } from 'node:fs';
import { AppError } from '../core/index.ts';
import {
  faultLine,
  publishTemplate,
  readTemplate,
  saveTemplate,
  type TemplateDefinition,
  type TemplateFault,
  type TemplateRecord,
  type TemplateStorage,
  templateToDocument,
} from '../messaging/index.ts';
import { asCodeArgs } from './as-code-args.ts';
import { openContext } from './context.ts';

const HELP = `Usage:
  loopline templates list [--workspace <name>]
  loopline templates apply <file.yaml|file.json> [--draft] [--workspace <name>]
      creates the template (or replaces the draft of the one with its key) and publishes it as its next
      version; --draft saves without publishing. Liquid and MJML faults are listed at their line.
  loopline templates export <key> [--workspace <name>]   the draft as YAML, to keep in git`;

/** Message templates as code: files reviewed in git, applied from the command line. */
export async function run(args: string[]): Promise<number> {
  const parsed = asCodeArgs(args, HELP);
  if (typeof parsed === 'number') return parsed;
  const { action, target } = parsed;
  if (action !== 'list' && action !== 'apply' && action !== 'export')
    throw new AppError('bad_request', `unknown action "${action}"\n${HELP}`);
  if (action !== 'list' && !target)
    throw new AppError(
      'bad_request',
      `loopline templates ${action} needs a ${action === 'apply' ? 'file' : 'key'}`,
    );
  // Read and check the file before opening the store: a typo should not wait for a database.
  let definition: TemplateDefinition | null = null;
  try {
    if (action === 'apply') definition = readTemplate(readFileSync(target!, 'utf8'), formatOf(target!));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new AppError('not_found', `no file ${target}`);
    return printFaults(error);
  }
  const { store, clock } = await openContext({ engine: false });
  try {
    const ws = await store.workspaces.getByName(parsed.workspace);
    if (!ws) throw new AppError('not_found', `no workspace "${parsed.workspace}"`);
    if (action === 'list') {
      console.log(['key', 'channel', 'topic', 'version', 'name'].join('\t'));
      for (const t of await allTemplates(store.templates, ws.id))
        console.log([t.key, t.channel, t.topic ?? '-', t.publishedVersion ?? '-', t.name].join('\t'));
      return 0;
    }
    if (action === 'export') {
      const t = await store.templates.get(ws.id, target!);
      if (!t) throw new AppError('not_found', `no template "${target}" in workspace "${ws.name}"`);
      process.stdout.write(
        templateToDocument({ key: t.key, name: t.name, topic: t.topic, content: t.draft }),
      );
      return 0;
    }
    const now = clock.now();
    const { record, created } = await saveTemplate(store.templates, ws.id, definition!, now, 'either');
    const verb = created ? 'created' : 'draft replaced';
    if (parsed.draft) {
      console.log(`template "${record.key}" (${record.channel}): ${verb}, not published`);
      return 0;
    }
    const version = await publishTemplate(store.templates, ws.id, record.key, now);
    console.log(`template "${record.key}" (${record.channel}): ${verb}, version ${version} published`);
    return 0;
  } catch (error) {
    return printFaults(error);
  } finally {
    await store.close();
  }
}

/** Every fault on its own line, the way an editor lists them; any other error goes on up. */
function printFaults(error: unknown): number {
  const faults = (error as AppError).details as { faults?: TemplateFault[] } | undefined;
  if (!(error instanceof AppError) || error.code !== 'invalid_template' || !faults?.faults) throw error;
  console.error(`loopline templates: ${error.message.split(':')[0]}:`);
  for (const f of faults.faults) console.error(`  ${faultLine(f)}`);
  return 2;
}

async function allTemplates(templates: TemplateStorage, workspaceId: number): Promise<TemplateRecord[]> {
  const out: TemplateRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await templates.list(workspaceId, { limit: 200, cursor });
    out.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return out;
}

const formatOf = (file: string) => (file.toLowerCase().endsWith('.json') ? 'json' : 'yaml');
