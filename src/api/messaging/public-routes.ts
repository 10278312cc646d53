import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ReportProvider, ReportReaders } from '../../channels/index.ts';
import type { Clock } from '../../core/index.ts';
import {
  type FactRecorder,
  type LinkClaims,
  type LinkKind,
  linkWorkspace,
  type OutboxMessage,
  verifyLink,
} from '../../messaging/index.ts';
import type { Store, WriteUnit } from '../../storage/index.ts';
import { escapeHtml, PIXEL_GIF, publicPage } from './public-page.ts';

export type PublicDeps = {
  store: Store;
  clock: Clock;
  facts: FactRecorder<WriteUnit>;
  /** The delivery-report readers of a workspace's provider settings. */
  reports: (workspaceId: number) => Promise<ReportReaders>;
  /** Confirms an Amazon SNS subscription by fetching its (verified) SubscribeURL. */
  confirmSubscription: (url: string) => Promise<void>;
};

const PROVIDERS: readonly ReportProvider[] = ['ses', 'sendgrid', 'postmark'];
const LIMIT = 1024 * 1024;

/**
 * The recipients' routes (mount at /m), with no API key: each is authorised by its signed token alone.
 * Unsubscribe (a page, and RFC 8058 one-click POST), preferences, open pixel, click redirect, and the
 * providers' delivery reports. A token that does not verify gets a 400 page and nothing happens.
 */
export async function publicMessageRoutes(app: FastifyInstance, deps: PublicDeps): Promise<void> {
  const { store, facts } = deps;
  // Forms and one-click POSTs arrive form-encoded; reports need their raw bytes for their signatures.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: LIMIT },
    (_r, body, done) => done(null, new URLSearchParams(String(body))),
  );
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'buffer', bodyLimit: LIMIT },
    (_r, body, done) => done(null, body),
  );

  /** The claims of a token of this kind and the message they name; null when it does not verify. */
  async function open<K extends LinkKind>(
    token: string,
    kind: K,
  ): Promise<{ claims: LinkClaims & { kind: K }; message: OutboxMessage | null } | null> {
    const workspaceId = linkWorkspace(token);
    if (workspaceId === null || !(await store.workspaces.get(workspaceId))) return null;
    // verifyLink's Extract<> type loses the union-kinded member (unsubscribe | preferences): widened here.
    const claims = verifyLink(await store.templates.linkSecret(workspaceId), token, kind) as
      | (LinkClaims & { kind: K })
      | null;
    if (!claims) return null;
    const id =
      claims.messageId !== null && /^\d{1,15}$/.test(claims.messageId) ? Number(claims.messageId) : null;
    const message = id === null ? null : await store.messaging.message(workspaceId, id);
    return { claims, message };
  }

  const refuse = (reply: FastifyReply) =>
    reply
      .status(400)
      .type('text/html; charset=utf-8')
      .send(
        publicPage(
          'This link is not valid',
          '<p>The link is incomplete or was changed. Nothing was done.</p>',
        ),
      );
  const html = (reply: FastifyReply, title: string, body: string) =>
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(publicPage(title, body));

  type Token = { Params: { token: string } };
  const hide = { schema: { hide: true } };

  app.get<Token>('/u/:token', hide, async (request, reply) => {
    const found = await open(request.params.token, 'unsubscribe');
    if (!found) return refuse(reply);
    const what = found.claims.topic ? `“${escapeHtml(found.claims.topic)}” messages` : 'marketing messages';
    // A GET never unsubscribes: link scanners and previews follow links; the button POSTs.
    return html(
      reply,
      'Unsubscribe',
      `<p>Stop receiving ${what}?</p><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  });

  app.post<Token>('/u/:token', hide, async (request, reply) => {
    const found = await open(request.params.token, 'unsubscribe');
    if (!found) return refuse(reply);
    const form = request.body instanceof URLSearchParams ? request.body : null;
    if (form?.get('List-Unsubscribe') !== 'One-Click') return refuse(reply);
    const { workspaceId, customerId, topic } = found.claims;
    // Customer 0 is nobody: a test send rendered for no customer.
    if (customerId > 0) await facts.unsubscribe(workspaceId, customerId, topic, found.message);
    return html(reply, 'You are unsubscribed', '<p>You will not receive these messages any more.</p>');
  });

  app.get<Token>('/p/:token', hide, async (request, reply) => {
    const found = await open(request.params.token, 'preferences');
    if (!found) return refuse(reply);
    return html(reply, 'Your email preferences', await preferencesForm(facts, found.claims, false));
  });

  app.post<Token>('/p/:token', hide, async (request, reply) => {
    const found = await open(request.params.token, 'preferences');
    if (!found) return refuse(reply);
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    const none = form.get('none') === 'on';
    const { workspaceId, customerId } = found.claims;
    if (customerId > 0)
      await facts.savePreferences(
        workspaceId,
        customerId,
        new Set(none ? [] : form.getAll('topic')),
        !none,
        found.message,
      );
    return html(reply, 'Your email preferences', await preferencesForm(facts, found.claims, true));
  });

  app.get<Token>('/o/:token', hide, async (request, reply) => {
    const found = await open(request.params.token, 'open');
    if (found?.message)
      await facts.opened(found.message, { userAgent: request.headers['user-agent'], ip: request.ip });
    // The pixel is served either way: a mail client shows nothing broken.
    return reply.header('cache-control', 'no-store, private').type('image/gif').send(PIXEL_GIF);
  });

  app.get<Token>('/c/:token', hide, async (request, reply) => {
    const found = await open(request.params.token, 'click');
    const url = found?.claims.url;
    // Only the signed target, and only http(s): never a redirect a stranger chose.
    if (!found || !url || !/^https?:\/\//i.test(url)) return refuse(reply);
    // A test send's links name no message: they still lead on, and record nothing.
    if (found.message) await facts.clicked(found.message, url);
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  });

  app.post<{ Params: { provider: string; token: string } }>(
    '/hooks/:provider/:token',
    hide,
    async (request, reply) => {
      const provider = request.params.provider as ReportProvider;
      // A hook's token is an open-kind link naming `hooks:<provider>` (see reportHookUrl).
      const found = await open(request.params.token, 'open');
      if (!found || !PROVIDERS.includes(provider) || found.claims.messageId !== `hooks:${provider}`)
        return reply.status(404).send({ error: { code: 'not_found', message: 'no such report hook' } });
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));
      const readers = await deps.reports(found.claims.workspaceId);
      const result = await readers.read(provider, { body, headers: request.headers });
      if (!result.ok)
        return reply.status(400).send({ error: { code: 'bad_request', message: result.reason } });
      if ('subscribeUrl' in result) {
        // A verified SNS subscription (its URL checked to be Amazon's): confirmed by fetching it. A
        // failure answers 503, so SNS asks again.
        const confirmed = await deps.confirmSubscription(result.subscribeUrl).then(
          () => true,
          () => false,
        );
        if (!confirmed)
          return reply
            .status(503)
            .send({ error: { code: 'unavailable', message: 'could not confirm the subscription' } });
        return { received: 0, confirmed: result.topicArn };
      }
      for (const report of result.reports) await facts.report(found.claims.workspaceId, report);
      return { received: result.reports.length };
    },
  );
}

async function preferencesForm(
  facts: FactRecorder<WriteUnit>,
  m: { workspaceId: number; customerId: number },
  saved: boolean,
): Promise<string> {
  const prefs = await facts.preferences(m.workspaceId, m.customerId);
  const topics = prefs.topics
    .map(
      (t) =>
        `<label><input type="checkbox" name="topic" value="${escapeHtml(t.key)}"${t.subscribed && prefs.allMarketing ? ' checked' : ''}> ${escapeHtml(t.name)}</label>` +
        (t.description ? `<p class="hint">${escapeHtml(t.description)}</p>` : ''),
    )
    .join('\n');
  return `${saved ? '<p role="status">Your choices are saved.</p>' : ''}
<form method="post">
<fieldset><legend>Send me</legend>
${topics || '<p>There are no topics to choose from.</p>'}
</fieldset>
<label><input type="checkbox" name="none"${prefs.allMarketing ? '' : ' checked'}> Unsubscribe from all marketing messages</label>
<p><button type="submit">Save</button></p>
</form>`;
}
