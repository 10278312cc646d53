import { createChannels } from '../channels/index.ts';
import type { ManualClock } from '../core/index.ts';
import { JobWorker } from '../jobs/index.ts';
import {
  checkTemplate,
  createRenderer,
  listUnsubscribeHeaders,
  type NewOutboxMessage,
  type PublishedTemplate,
  type PublishedTemplates,
  type SendChannels,
  type SenderLinks,
  type TemplateContent,
} from '../messaging/index.ts';
import type { Store } from '../storage/index.ts';
import { identify } from '../storage/test-support.ts';
import type { Workspace } from '../workspaces/index.ts';
import { createSender, registerSender } from './message-sender.ts';

/** Test support for the sender: published templates held in memory, plain links, a worker on a manual clock. */
export class MemoryTemplates implements PublishedTemplates {
  readonly #items = new Map<string, PublishedTemplate>();

  async publish(workspaceId: number, key: string, content: TemplateContent, topic: string | null = null) {
    const check = await checkTemplate(content);
    if (!check.ok) throw new Error(JSON.stringify(check.faults));
    const version = (this.#items.get(`${workspaceId}:${key}`)?.version ?? 0) + 1;
    this.#items.set(`${workspaceId}:${key}`, {
      workspaceId,
      key,
      channel: content.channel,
      version,
      topic,
      compiled: check.compiled,
    });
  }

  async published(workspaceId: number, key: string) {
    return this.#items.get(`${workspaceId}:${key}`) ?? null;
  }

  async existing(workspaceId: number, keys: readonly string[]) {
    return new Set(keys.filter((k) => this.#items.has(`${workspaceId}:${k}`)));
  }
}

export const plainLinks: SenderLinks = {
  recipient: (m) => ({
    unsubscribe: `https://loopline.test/m/u/${m.id}`,
    preferences: `https://loopline.test/m/p/${m.id}`,
  }),
  unsubscribeHeaders: (m) => listUnsubscribeHeaders(`https://loopline.test/m/u/${m.id}`),
  tracked: (_m, html) => html,
};

export const WELCOME: TemplateContent = {
  channel: 'email',
  subject: 'Welcome, {{ traits.firstName }}',
  preheader: null,
  format: 'html',
  body: '<p>Hi {{ traits.firstName }}, you chose {{ event.plan }}.</p><a href="{{ links.unsubscribe }}">unsubscribe</a>',
  text: null,
};

/** A marketing email for `customerId`, due at `at`; fields replaced by `over`. */
export const outboxMessage = (
  ws: Workspace,
  customerId: number,
  key: string,
  at: number,
  over: Partial<NewOutboxMessage> = {},
): NewOutboxMessage => ({
  workspaceId: ws.id,
  customerId,
  channel: 'email',
  template: 'welcome',
  idempotencyKey: key,
  origin: null,
  event: { plan: 'pro' },
  topic: 'news',
  transactional: false,
  notBefore: at,
  quietHours: 'hold',
  onCap: 'wait',
  sendTime: 'now',
  ...over,
});

/** A customer with these traits (and `email`), ingested now; returns their id. */
export async function customerWith(
  store: Store,
  ws: Workspace,
  userId: string,
  traits: Record<string, string>,
  at: number,
) {
  const [outcome] = await store.ingest.commit(
    [{ workspaceId: ws.id, messages: [identify({ userId }, traits)], settings: ws.settings.identity }],
    at,
  );
  if (outcome?.inserted !== 1) throw new Error(`customer ${userId} not stored`);
  const page = await store.customers.list(ws.id, { userId, limit: 1 });
  return page.items[0]!.id;
}

/** The sender on its own worker, with email to an SMTP server on loopback (or to the inbox with none). */
export function senderRig(store: Store, clock: ManualClock, smtpPort: number | null) {
  const channels = createChannels(
    smtpPort === null ? {} : { email: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, guarded: false } },
    {
      clock,
    },
  );
  const sendChannels: SendChannels = { email: channels.email, sms: channels.sms, webhook: channels.webhook };
  const templates = new MemoryTemplates();
  const sender = createSender({
    store,
    clock,
    templates,
    renderer: createRenderer(),
    channels: async () => sendChannels,
    links: async () => plainLinks,
  });
  const worker = new JobWorker(store.jobs, { clock, onError: () => {} });
  registerSender(worker, sender);
  return { worker, sender, templates, close: () => channels.close() };
}
