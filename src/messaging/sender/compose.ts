import type { EmailMessage } from '../../channels/types.ts';
import { messageIdFor } from '../links/index.ts';
import type { PublishedTemplate, RenderedMessage, RenderInput } from '../template-types.ts';
import { renderInputOf } from '../templates/index.ts';
import type { MessagingSettings, OutboxMessage } from '../types.ts';
import type { Recipient, SenderLinks } from './sender-deps.ts';

/** What a template may read about this message's recipient (the templates' own mapping, as the preview uses). */
export function renderInput(
  m: OutboxMessage,
  r: Recipient,
  workspaceName: string,
  links: SenderLinks,
): RenderInput {
  return renderInputOf(r, { workspaceName, event: m.event, links: links.recipient(m) });
}

/** The domain of Message-IDs: the sending domain, else the From address's. */
export function messageDomain(settings: MessagingSettings): string {
  if (settings.sendingDomain) return settings.sendingDomain;
  const at = settings.from.match(/@([^>\s]+)>?\s*$/);
  return at?.[1] ?? 'loopline.invalid';
}

/**
 * The email as it goes on the wire: tracked links, and for marketing the RFC 8058 one-click
 * unsubscribe pair (a mail client POSTs `List-Unsubscribe=One-Click` to the signed URL, no page shown).
 */
export function emailOf(
  m: OutboxMessage,
  rendered: Extract<RenderedMessage, { channel: 'email' }>,
  to: string,
  settings: MessagingSettings,
  links: SenderLinks,
): EmailMessage {
  const headers: Record<string, string> = { 'X-Loopline-Message': String(m.id) };
  if (!m.transactional) Object.assign(headers, links.unsubscribeHeaders(m));
  return {
    from: settings.from,
    to,
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    subject: rendered.subject,
    html: links.tracked(m, rendered.html),
    text: rendered.text,
    headers,
    // Derived from the row's idempotency key: every attempt, including a resend after a crash between
    // the server's accept and our status write, carries the same one, so mail systems can drop it.
    messageId: messageIdFor(m.workspaceId, m.idempotencyKey, messageDomain(settings)),
  };
}

/** The renderer's cache key: a template key and version name one compiled text. */
export const cacheKeyOf = (t: PublishedTemplate): string => `${t.workspaceId}:${t.key}:v${t.version}`;
