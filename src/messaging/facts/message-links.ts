import { listUnsubscribeHeaders, signLink, trackEmail } from '../links/index.ts';
import type { SenderLinks } from '../sender/sender-deps.ts';
import type { OutboxMessage } from '../types.ts';

/**
 * The signed links of one workspace's messages under `publicUrl` (see src/messaging/links): the
 * recipient's unsubscribe (from the message's topic) and preferences links, and click and open
 * tracking that leaves those two alone.
 */
export function messageLinks(publicUrl: string, secret: Uint8Array, workspaceId: number): SenderLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const recipient = (m: OutboxMessage) => {
    const claims = { workspaceId, customerId: m.customerId, messageId: String(m.id), topic: m.topic };
    return {
      unsubscribe: `${base}/m/u/${signLink(secret, { kind: 'unsubscribe', ...claims })}`,
      preferences: `${base}/m/p/${signLink(secret, { kind: 'preferences', ...claims })}`,
    };
  };
  return {
    recipient,
    unsubscribeHeaders: (m) => listUnsubscribeHeaders(recipient(m).unsubscribe),
    tracked(m, html) {
      const own = recipient(m);
      return trackEmail(html, {
        publicUrl: base,
        secret,
        workspaceId,
        messageId: String(m.id),
        untracked: [own.unsubscribe, own.preferences],
      });
    },
  };
}

/**
 * The URL a provider posts this workspace's delivery reports to. Its token is an open-kind link whose
 * message is `hooks:<provider>` (never a message id, which is all digits): the route checks both, so
 * neither a message's pixel nor another provider's hook URL opens it.
 */
export const reportHookUrl = (
  publicUrl: string,
  secret: Uint8Array,
  workspaceId: number,
  provider: string,
): string =>
  `${publicUrl.replace(/\/+$/, '')}/m/hooks/${provider}/${signLink(secret, { kind: 'open', workspaceId, messageId: `hooks:${provider}` })}`;
