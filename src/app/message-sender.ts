import type { Clock, Message } from '../core/index.ts';
import { DEFAULT_IDENTITY_SETTINGS, ingestMessages } from '../identity/index.ts';
import type { JobHandler, JobWorker } from '../jobs/index.ts';
import {
  type MessageRenderer,
  type PublishedTemplates,
  type Recipient,
  SEND_BACKOFF,
  SEND_KIND,
  type SendChannels,
  Sender,
  type SenderLinks,
} from '../messaging/index.ts';
import type { Store, WriteUnit } from '../storage/index.ts';

export type SenderWiring = {
  store: Store;
  clock: Clock;
  templates: PublishedTemplates;
  renderer: MessageRenderer;
  channels: (workspaceId: number) => Promise<SendChannels>;
  links: (workspaceId: number) => Promise<SenderLinks>;
};

/** The customer a message goes to, followed through a merge; null when they are gone. */
export async function recipientOf(
  store: Store,
  workspaceId: number,
  customerId: number,
): Promise<Recipient | null> {
  let customer = await store.customers.get(workspaceId, customerId);
  if (!customer) {
    const survivor = await store.customers.findSurvivor(workspaceId, customerId);
    if (survivor !== null) customer = await store.customers.get(workspaceId, survivor);
  }
  if (!customer) return null;
  const record = await store.engine.customerRecord(workspaceId, customer.id);
  const { phone, email } = customer.traits;
  return {
    id: customer.id,
    userId: customer.userId,
    anonymousId: record?.anonymousId ?? null,
    email: customer.email ?? (typeof email === 'string' && email.includes('@') ? email : null),
    phone: typeof phone === 'string' && phone.trim() !== '' ? phone.trim() : null,
    traits: customer.traits,
    stage: record?.state?.stage ?? null,
    predictions: (record?.state?.predictions ?? {}) as Record<string, number>,
  };
}

/** Writes delivery facts' track events through ingest, in the unit that records the fact. */
export const trackThroughIngest = (unit: WriteUnit, workspaceId: number, events: Message[], now: number) =>
  ingestMessages(unit.ingest, workspaceId, events, DEFAULT_IDENTITY_SETTINGS, now);

/** The sender over the store: its track events go through ingest in the status's own unit. */
export function createSender(w: SenderWiring): Sender<WriteUnit> {
  const { store } = w;
  return new Sender<WriteUnit>({
    clock: w.clock,
    messaging: store.messaging,
    write: (fn) => store.write(fn),
    track: trackThroughIngest,
    recipient: (workspaceId, customerId) => recipientOf(store, workspaceId, customerId),
    workspaceName: async (workspaceId) => (await store.workspaces.get(workspaceId))?.name ?? '',
    templates: w.templates,
    renderer: w.renderer,
    channels: w.channels,
    links: w.links,
  });
}

/** The `message.send` jobs handler: one message per job; a hold reruns the job, a transient failure retries it. */
export function sendHandler(sender: Sender<WriteUnit>): JobHandler {
  return (job) => sender.send(job.workspaceId, Number(job.payload.messageId));
}

/** Registers the sender on a worker, with the messaging retry schedule (30 s doubling). */
export function registerSender(jobs: JobWorker, sender: Sender<WriteUnit>): void {
  jobs.register(SEND_KIND, sendHandler(sender), { backoff: SEND_BACKOFF });
}
