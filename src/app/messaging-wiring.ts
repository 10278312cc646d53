import {
  createChannels,
  createReportReaders,
  type ReportReaders,
  SnsVerifier,
  snsCertificateFetcher,
} from '../channels/index.ts';
import type { Clock } from '../core/index.ts';
import type { JobWorker } from '../jobs/index.ts';
import {
  createRenderer,
  FactRecorder,
  messageLinks,
  type SendChannels,
  type Sender,
} from '../messaging/index.ts';
import type { Store, WriteUnit } from '../storage/index.ts';
import { createSender, recipientOf, registerSender, trackThroughIngest } from './message-sender.ts';

export type Messaging = {
  sender: Sender<WriteUnit>;
  facts: FactRecorder<WriteUnit>;
  reports: (workspaceId: number) => Promise<ReportReaders>;
  close(): Promise<void>;
};

/**
 * Messaging as a server runs it: email through LOOPLINE_SMTP_URL (the operator's own relay, trusted,
 * so not behind the outbound address guard), or to the capture inbox without one; SMS and webhooks
 * to the inbox until a workspace's providers are configured; links signed with each workspace's
 * secret under the public URL; the sender registered on the worker.
 */
export function wireMessaging(
  store: Store,
  clock: Clock,
  config: { smtpUrl?: string | undefined; publicUrl?: string | undefined },
  jobs: JobWorker,
): Messaging {
  const channels = createChannels(
    config.smtpUrl ? { email: { smtpUrl: config.smtpUrl, guarded: false } } : {},
    { clock },
  );
  const send: SendChannels = { email: channels.email, sms: null, webhook: null };
  const publicUrl = config.publicUrl ?? 'http://localhost:7300';
  const sender = createSender({
    store,
    clock,
    templates: store.templates,
    renderer: createRenderer(),
    channels: async () => send,
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
  // One verifier for every workspace, so SNS certificates are fetched once per process.
  const snsVerifier = new SnsVerifier({ clock, fetchCertificate: snsCertificateFetcher() });
  const reports = async (workspaceId: number) =>
    createReportReaders((await store.messaging.settings(workspaceId)).reports ?? undefined, {
      clock,
      snsVerifier,
    });
  return { sender, facts, reports, close: () => channels.close() };
}
