import type { SendResult } from '../../channels/types.ts';
import type { RenderedMessage } from '../template-types.ts';
import type { MessagingSettings, NewInboxItem, OutboxMessage } from '../types.ts';
import { emailOf } from './compose.ts';
import type { SenderDeps, SenderLinks, SenderUnit } from './sender-deps.ts';

/** What handing a rendered message over came to: the provider's answer, or the inbox row it was kept in. */
export type Dispatched = { to: string; wireId: string | null; result: SendResult | { captured: number } };

/**
 * Hands a rendered message to the workspace's channel for it, or keeps it in the capture inbox when
 * that channel has no provider (or `toInbox`). `inboxMessageId` links the inbox row to its outbox row
 * (null for a test send, which has none).
 */
export async function dispatch<U extends SenderUnit>(
  d: Pick<SenderDeps<U>, 'channels' | 'messaging' | 'clock'>,
  m: OutboxMessage,
  rendered: RenderedMessage,
  address: string | null,
  settings: MessagingSettings,
  links: SenderLinks,
  inboxMessageId: number | null,
  toInbox = false,
): Promise<Dispatched> {
  const channels = await d.channels(m.workspaceId);
  const capture = async (
    to: string,
    c: Partial<Pick<NewInboxItem, 'subject' | 'html' | 'text' | 'body' | 'headers'>>,
  ) => {
    const item: NewInboxItem = {
      workspaceId: m.workspaceId,
      messageId: inboxMessageId,
      channel: m.channel,
      address: to,
      subject: c.subject ?? null,
      html: c.html ?? null,
      text: c.text ?? null,
      body: c.body ?? null,
      headers: c.headers ?? {},
      createdAt: d.clock.now(),
    };
    return { captured: await d.messaging.write((w) => w.capture(item)) };
  };
  if (rendered.channel === 'email') {
    const email = emailOf(m, rendered, address!, settings, links);
    const { subject, html, text, headers } = email;
    const result =
      channels.email && !toInbox
        ? await channels.email.send(email)
        : await capture(email.to, { subject, html, text, headers });
    return { to: email.to, wireId: email.messageId.slice(1, -1), result };
  }
  if (rendered.channel === 'sms') {
    const to = address!;
    const result =
      channels.sms && !toInbox
        ? await channels.sms.send({ to, body: rendered.body })
        : await capture(to, { text: rendered.body });
    return { to, wireId: null, result };
  }
  const to = rendered.url;
  // The delivery id repeats on a retry, so a receiver can drop the duplicate.
  const result =
    channels.webhook && !toInbox
      ? await channels.webhook.send({ url: to, body: rendered.body, id: `loopline-msg-${m.id}` })
      : await capture(to, { body: JSON.stringify(rendered.body) });
  return { to, wireId: null, result };
}
