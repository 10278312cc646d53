import type { ReportReaders } from '../channels/index.ts';
import type { Clock } from '../core/index.ts';
import type { JobWorker } from '../jobs/index.ts';
import { createRenderer, FactRecorder, messageLinks, type Sender } from '../messaging/index.ts';
import type { Store, WriteUnit } from '../storage/index.ts';
import { createSender, recipientOf, registerSender, trackThroughIngest } from './message-sender.ts';
import { type OutboundDeps, WorkspaceChannels } from './workspace-channels.ts';

export type Messaging = {
  sender: Sender<WriteUnit>;
  facts: FactRecorder<WriteUnit>;
  reports: (workspaceId: number) => Promise<ReportReaders>;
  confirmSubscription: (url: string) => Promise<void>;
  close(): Promise<void>;
};

/**
 * Messaging as a server runs it: each workspace's channels from its settings (see WorkspaceChannels),
 * email through LOOPLINE_SMTP_URL otherwise, the capture inbox for a channel with no provider; links
 * signed with each workspace's secret under the public URL; the sender registered on the worker.
 */
export function wireMessaging(
  store: Store,
  clock: Clock,
  config: { smtpUrl?: string | undefined; publicUrl?: string | undefined },
  jobs: JobWorker,
  net: OutboundDeps = {},
): Messaging {
  const channels = new WorkspaceChannels(clock, config.smtpUrl, net);
  const settings = (workspaceId: number) => store.messaging.settings(workspaceId);
  const publicUrl = config.publicUrl ?? 'http://localhost:7300';
  const sender = createSender({
    store,
    clock,
    templates: store.templates,
    renderer: createRenderer(),
    channels: async (workspaceId) => channels.sending(workspaceId, await settings(workspaceId)),
    links: async (workspaceId) =>
      messageLinks(publicUrl, await store.templates.linkSecret(workspaceId), workspaceId),
  });
  registerSender(jobs, sender);
  const facts = new FactRecorder<WriteUnit>({
    clock,
    messaging: store.messaging,
    write: (fn) => store.write(fn),
    track: trackThroughIngest,
    recipient: (workspaceId, customerId) => recipientOf(store, workspaceId, customerId),
  });
  const reports = async (workspaceId: number) =>
    channels.of(workspaceId, await settings(workspaceId)).reports;
  // The URL was checked to be Amazon SNS's (https, its host) by the reader before it gets here.
  const confirmSubscription = async (url: string) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
    if (!res.ok) throw new Error(`SNS answered ${res.status}`);
  };
  return { sender, facts, reports, confirmSubscription, close: () => channels.close() };
}
