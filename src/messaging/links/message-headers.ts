import { createHash } from 'node:crypto';

const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * A Message-ID made from the outbox row's idempotency key: a message sent again after a crash carries
 * the same id, so the receiving side can tell it is the same message. The key is hashed (it names
 * journeys and customers, which have no place in a header the recipient sees).
 *
 * @example messageIdFor(1, 'j:3:v1:send:99', 'mail.shop.test') // '<5c1f…@mail.shop.test>'
 */
export function messageIdFor(workspaceId: number, idempotencyKey: string, domain: string): string {
  const host = domain.toLowerCase();
  if (!HOSTNAME.test(host)) throw new Error(`"${domain}" is not a domain for a Message-ID`);
  const hash = createHash('sha256').update(`${workspaceId}\n${idempotencyKey}`).digest('hex').slice(0, 32);
  return `<${hash}@${host}>`;
}

/**
 * The List-Unsubscribe headers for one-click unsubscribe (RFC 8058): the URL in angle brackets, and
 * the List-Unsubscribe-Post that tells the mailbox provider it may POST to it without a visit. The
 * provider POSTs `List-Unsubscribe=One-Click` to the URL; the page answering it must not ask again.
 * @throws when the URL is not http(s) or holds characters a header cannot carry
 */
export function listUnsubscribeHeaders(url: string): {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': string;
} {
  if (!/^https?:\/\/[^\s<>,"]+$/i.test(url) || !URL.canParse(url))
    throw new Error(`"${url}" is not an http(s) URL for List-Unsubscribe`);
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
