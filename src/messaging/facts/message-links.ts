import type { SenderLinks } from '../sender/sender-deps.ts';
import type { OutboxMessage } from '../types.ts';
import { signToken, type TokenKind } from './message-tokens.ts';

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The public links of one workspace's messages, under `base` (the server's public URL): signed
 * unsubscribe and preferences links, click tracking through /m/c and an open pixel at /m/o.
 */
export function messageLinks(base: string, key: Buffer): SenderLinks {
  const url = (kind: TokenKind, m: OutboxMessage, target: string | null = null) =>
    `${base}/m/${kind}/${signToken(key, { kind, workspaceId: m.workspaceId, messageId: m.id, url: target })}`;
  return {
    recipient: (m) => ({ unsubscribe: url('u', m), preferences: url('p', m) }),
    tracked(m, html) {
      const own = `${base}/m/`;
      // Absolute http(s) links in href attributes go through click tracking; our own links stay as they are.
      const clicked = html.replace(/href="(https?:\/\/[^"]+)"/gi, (whole, href: string) => {
        const target = href.replace(/&amp;/g, '&');
        return target.startsWith(own) ? whole : `href="${escapeAttr(url('c', m, target))}"`;
      });
      const pixel = `<img src="${escapeAttr(url('o', m))}" width="1" height="1" alt="" style="display:none">`;
      return /<\/body>/i.test(clicked) ? clicked.replace(/<\/body>/i, `${pixel}</body>`) : clicked + pixel;
    },
  };
}

/** The URL a provider posts this workspace's delivery reports to: `/m/hooks/<provider>/<token>`. */
export const reportHookUrl = (base: string, key: Buffer, workspaceId: number, provider: string): string =>
  `${base}/m/hooks/${provider}/${signToken(key, { kind: 'h', workspaceId, messageId: 0, url: null })}`;
