import { createHash } from 'node:crypto';
import { AppError } from '../../core/index.ts';
import { resolveCustomer } from '../../customers/index.ts';
import {
  checkTemplate,
  createRenderer,
  type PreviewTemplateInput,
  type RenderedMessage,
  readTemplate,
  renderInputOf,
  smsSegments,
  type TemplateContent,
  type TemplateRecord,
  templateFaults,
} from '../../messaging/index.ts';
import type { Store } from '../../storage/index.ts';
import type { Workspace } from '../../workspaces/index.ts';

/**
 * Links in a preview go nowhere: `.invalid` never resolves (RFC 2606), so a preview forwarded or
 * clicked by mistake cannot unsubscribe anyone.
 */
export const PREVIEW_LINKS = {
  unsubscribe: 'https://unsubscribe.preview.invalid/',
  preferences: 'https://preferences.preview.invalid/',
};

// Previews are few and their texts vary with every keystroke: a small cache, keyed by the text itself.
const renderer = createRenderer({ limits: { cacheSize: 50 } });

/** The draft (or the given content) rendered for one real customer, as the sender would render it. */
export async function previewTemplate(
  store: Store,
  workspace: Workspace,
  t: TemplateRecord,
  input: PreviewTemplateInput,
): Promise<RenderedMessage & { segments?: ReturnType<typeof smsSegments> }> {
  const content: TemplateContent = input.content
    ? readTemplate({ key: t.key, name: t.name, ...input.content }).content
    : t.draft;
  const check = await checkTemplate(content);
  if (!check.ok) throw templateFaults(t.key, check.faults);
  const ws = workspace.id;
  const id = await customerOf(store, ws, input);
  const [{ customer }, stages, record] = await Promise.all([
    resolveCustomer(store.customers, ws, id),
    store.engine.currentStages(ws, [id]),
    store.engine.customerRecord(ws, id),
  ]);
  const profile = {
    ...customer,
    stage: stages.get(customer.id)?.stage ?? null,
    predictions: (record?.state?.predictions ?? {}) as Record<string, number>,
  };
  const renderInput = renderInputOf(profile, {
    workspaceName: workspace.name,
    event: (input.event ?? null) as never,
    links: PREVIEW_LINKS,
  });
  const key = createHash('sha256').update(JSON.stringify(check.compiled)).digest('base64url');
  const out = await renderer.render(check.compiled, key, renderInput).catch((error) => {
    throw new AppError(
      'invalid_template',
      `template "${t.key}" does not render: ${(error as Error).message}`,
    );
  });
  return out.channel === 'sms' ? { ...out, segments: smsSegments(out.body) } : out;
}

async function customerOf(store: Store, workspaceId: number, input: PreviewTemplateInput): Promise<number> {
  if ((input.customerId === undefined) === (input.userId === undefined))
    throw new AppError('bad_request', 'name the customer to preview for: either "customerId" or "userId"');
  if (input.customerId !== undefined) return input.customerId;
  const found = await store.customers.list(workspaceId, { userId: input.userId, limit: 1 });
  if (!found.items[0])
    throw new AppError('not_found', `no customer with userId "${input.userId}" in this workspace`);
  return found.items[0].id;
}
