import type { OutboxMessage } from '../types.ts';
import { cacheKeyOf, renderInput } from './compose.ts';
import { dispatch } from './dispatch.ts';
import type { Recipient, SenderDeps, SenderUnit } from './sender-deps.ts';

/** A test send: a template to an address (or the customer's own), through the provider or to the inbox. */
export type TestSendRequest = {
  template: string;
  to: string | null;
  customerId: number | null;
  inbox: boolean;
};

export type TestSendResult =
  | { outcome: 'sent' | 'inbox'; to: string; providerId: string | null; inboxId: number | null }
  | { outcome: 'failed'; to: string | null; error: string };

/**
 * Renders a published template for a customer (or for nobody: empty traits) and hands it over like
 * the sender would, but outside the outbox: no policy is checked, no fact recorded, and its links are
 * inert (they name no message). Null when the template or the customer does not exist.
 */
export async function testSend<U extends SenderUnit>(
  d: SenderDeps<U>,
  workspaceId: number,
  req: TestSendRequest,
): Promise<TestSendResult | null> {
  const now = d.clock.now();
  const template = await d.templates.published(workspaceId, req.template);
  if (!template) return null;
  const nobody: Recipient = {
    id: 0,
    userId: null,
    anonymousId: null,
    email: null,
    phone: null,
    traits: {},
    stage: null,
    predictions: {},
  };
  const r = req.customerId === null ? nobody : await d.recipient(workspaceId, req.customerId);
  if (!r) return null;
  const to = req.to ?? (template.channel === 'email' ? r.email : template.channel === 'sms' ? r.phone : null);
  if (template.channel !== 'webhook' && !to)
    return { outcome: 'failed', to: null, error: 'no address to send the test to' };
  const m: OutboxMessage = {
    id: 0,
    workspaceId,
    customerId: r.id,
    channel: template.channel,
    template: template.key,
    idempotencyKey: `test:${now}`,
    origin: null,
    event: null,
    topic: template.topic,
    transactional: template.topic === null,
    notBefore: now,
    quietHours: 'ignore',
    onCap: 'skip',
    sendTime: 'now',
    status: 'queued',
    skipReason: null,
    attempts: 0,
    lastError: null,
    address: to,
    templateVersion: template.version,
    providerId: null,
    messageId: null,
    sendAt: null,
    sentAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const links = await d.links(workspaceId);
  try {
    const input = renderInput(m, r, await d.workspaceName(workspaceId), links);
    const rendered = await d.renderer.render(template.compiled, cacheKeyOf(template), input);
    const settings = await d.messaging.settings(workspaceId);
    const out = await dispatch(d, m, rendered, to?.toLowerCase() ?? null, settings, links, null, req.inbox);
    if ('captured' in out.result)
      return { outcome: 'inbox', to: out.to, providerId: null, inboxId: out.result.captured };
    if (out.result.ok)
      return { outcome: 'sent', to: out.to, providerId: out.result.providerId, inboxId: null };
    return { outcome: 'failed', to: out.to, error: out.result.error };
  } catch (error) {
    return { outcome: 'failed', to, error: `could not render: ${(error as Error).message}` };
  }
}
