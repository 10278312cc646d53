import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ChannelsConfigError, checkChannelsConfig } from '../../channels/index.ts';
import { AppError, type Clock, isTimeZone } from '../../core/index.ts';
import {
  eventView,
  IdParams,
  InboxItemSchema,
  InboxPageSchema,
  inboxView,
  MessageDetailSchema,
  MessagePageSchema,
  MessageQuerySchema,
  MessageSchema,
  MessageStatsSchema,
  type MessagingSettings,
  MessagingSettingsInputSchema,
  MessagingSettingsSchema,
  messageView,
  PageQuerySchema,
  reportHookUrl,
  type Sender,
  SuppressionInputSchema,
  SuppressionPageSchema,
  SuppressionParams,
  SuppressionQuerySchema,
  SuppressionSchema,
  settingsView,
  suppressionView,
  TestSendInputSchema,
  TestSendSchema,
  TopicInputSchema,
  TopicListSchema,
  TopicParams,
  TopicSchema,
  topicView,
} from '../../messaging/index.ts';
import type { Store, WriteUnit } from '../../storage/index.ts';
import { errorResponses } from '../error-responses.ts';

/**
 * The messaging admin API: the outbox (filter, look into one, retry a dead one), the capture inbox,
 * subscription topics, suppressions, the sending settings, and a journey's delivery counts per node.
 */
export async function messagingRoutes(
  app: FastifyInstance,
  deps: {
    store: Store;
    clock: Clock;
    sender?: Sender<WriteUnit> | undefined;
    publicUrl?: string | undefined;
  },
): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;
  const m = store.messaging;
  const tags = ['messaging'];
  // Where each configured provider posts its reports: this server as the request reached it, or the
  // configured public URL (it is what the sender signs links under).
  const withHooks = async (request: FastifyRequest, view: ReturnType<typeof settingsView>) => {
    const base = deps.publicUrl ?? `${request.protocol}://${request.host}`;
    const secret = await store.templates.linkSecret(request.workspace.id);
    const reportHooks = Object.fromEntries(
      view.reports.map((p) => [p, reportHookUrl(base, secret, request.workspace.id, p)]),
    );
    return { ...view, reportHooks };
  };
  const found = <T>(x: T | null, what: string): T => {
    if (x === null) throw new AppError('not_found', `no ${what} in this workspace`);
    return x;
  };

  api.get(
    '/messages',
    {
      schema: {
        tags,
        summary: 'The outbox, newest first',
        querystring: MessageQuerySchema,
        response: { 200: MessagePageSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await m.messages(request.workspace.id, { ...q, limit: q.limit ?? 50 });
      return { items: page.items.map(messageView), next: page.next };
    },
  );

  api.get(
    '/messages/:id',
    {
      schema: {
        tags,
        summary: 'One message: its attempts, why it was skipped or failed, and what happened to it',
        params: IdParams,
        response: { 200: MessageDetailSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const message = found(await m.message(ws, request.params.id), `message ${request.params.id}`);
      return { message: messageView(message), events: (await m.events(ws, message.id)).map(eventView) };
    },
  );

  api.post(
    '/messages/:id/retry',
    {
      schema: {
        tags,
        summary: 'Queue a dead message again (its retries start over)',
        params: IdParams,
        response: { 200: MessageSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const message = found(await m.message(ws, request.params.id), `message ${request.params.id}`);
      if (!(await m.write((w) => w.requeue(ws, message.id, clock.now()))))
        throw new AppError(
          'conflict',
          `message ${message.id} is ${message.status}: only a dead message can be retried`,
        );
      return messageView((await m.message(ws, message.id))!);
    },
  );

  api.post(
    '/messages/test',
    {
      schema: {
        tags,
        summary: 'Test-send a published template to an address, or to the capture inbox (no policy checked)',
        body: TestSendInputSchema,
        response: { 200: TestSendSchema, ...errorResponses(404, 503) },
      },
    },
    async (request) => {
      if (!deps.sender) throw new AppError('unavailable', 'this server sends no messages');
      const b = request.body;
      const result = await deps.sender.test(request.workspace.id, {
        template: b.template,
        to: b.to ?? null,
        customerId: b.customerId ?? null,
        inbox: b.inbox ?? false,
      });
      if (!result)
        throw new AppError('not_found', `no published template "${b.template}" (or no such customer)`);
      return result.outcome === 'failed'
        ? { ...result, providerId: null, inboxId: null }
        : { ...result, error: null };
    },
  );

  api.get(
    '/journeys/:id/message-stats',
    {
      schema: {
        tags,
        summary: "A journey's deliveries per version, node and variant",
        params: IdParams,
        response: { 200: MessageStatsSchema },
      },
    },
    async (request) => ({ items: await m.stats(request.workspace.id, request.params.id) }),
  );

  api.get(
    '/inbox',
    {
      schema: {
        tags,
        summary: 'The capture inbox: messages kept instead of sent (no provider configured)',
        querystring: PageQuerySchema,
        response: { 200: InboxPageSchema },
      },
    },
    async (request) => {
      const page = await m.inbox(request.workspace.id, {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
      return { items: page.items.map(inboxView), next: page.next };
    },
  );

  api.get(
    '/inbox/:id',
    {
      schema: {
        tags,
        summary: 'One captured message',
        params: IdParams,
        response: { 200: InboxItemSchema, ...errorResponses(404) },
      },
    },
    async (request) =>
      inboxView(
        found(await m.inboxItem(request.workspace.id, request.params.id), `inbox item ${request.params.id}`),
      ),
  );

  api.get(
    '/topics',
    { schema: { tags, summary: 'Subscription topics', response: { 200: TopicListSchema } } },
    async (request) => ({
      items: (await m.topics(request.workspace.id)).map(topicView),
    }),
  );

  api.get(
    '/topics/:key',
    {
      schema: {
        tags,
        summary: 'One topic',
        params: TopicParams,
        response: { 200: TopicSchema, ...errorResponses(404) },
      },
    },
    async (request) =>
      topicView(
        found(await m.topic(request.workspace.id, request.params.key), `topic ${request.params.key}`),
      ),
  );

  api.put(
    '/topics/:key',
    {
      schema: {
        tags,
        summary: 'Create or change a topic',
        params: TopicParams,
        body: TopicInputSchema,
        response: { 200: TopicSchema },
      },
    },
    async (request) => {
      const { name, description, defaultChoice } = request.body;
      const topic = {
        key: request.params.key,
        name,
        description: description ?? null,
        defaultChoice: defaultChoice ?? 'in',
      };
      return topicView(await m.write((w) => w.putTopic(request.workspace.id, topic, clock.now())));
    },
  );

  api.delete(
    '/topics/:key',
    {
      schema: {
        tags,
        summary: 'Delete a topic',
        params: TopicParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const gone = await m.write((w) => w.deleteTopic(request.workspace.id, request.params.key));
      found(gone || null, `topic ${request.params.key}`);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/suppressions',
    {
      schema: {
        tags,
        summary: 'Suppressed addresses (bounces, complaints, manual), searchable',
        querystring: SuppressionQuerySchema,
        response: { 200: SuppressionPageSchema },
      },
    },
    async (request) => {
      const page = await m.suppressions(request.workspace.id, {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
      return { items: page.items.map(suppressionView), next: page.next };
    },
  );

  api.post(
    '/suppressions',
    {
      schema: {
        tags,
        summary: 'Suppress an address by hand',
        body: SuppressionInputSchema,
        response: { 201: SuppressionSchema, 200: SuppressionSchema },
      },
    },
    async (request, reply) => {
      const ws = request.workspace.id;
      const { channel, detail } = request.body;
      const address =
        channel === 'email' ? request.body.address.trim().toLowerCase() : request.body.address.trim();
      const added = await m.write((w) =>
        w.suppress(ws, { channel, address, reason: 'manual', detail: detail ?? null }, clock.now()),
      );
      return reply
        .status(added ? 201 : 200)
        .send(suppressionView((await m.suppression(ws, channel, address))!));
    },
  );

  api.delete(
    '/suppressions/:channel/:address',
    {
      schema: {
        tags,
        summary: 'Lift a suppression',
        params: SuppressionParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { channel } = request.params;
      const address = channel === 'email' ? request.params.address.toLowerCase() : request.params.address;
      const gone = await m.write((w) => w.unsuppress(request.workspace.id, channel, address));
      found(gone || null, `suppression of ${address}`);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/settings/messaging',
    {
      schema: {
        tags,
        summary: 'Sending settings: from, quiet hours, frequency caps, time zone',
        response: { 200: MessagingSettingsSchema },
      },
    },
    async (request) => withHooks(request, settingsView(await m.settings(request.workspace.id))),
  );

  api.put(
    '/settings/messaging',
    {
      schema: {
        tags,
        summary: 'Replace the sending settings',
        body: MessagingSettingsInputSchema,
        response: { 200: MessagingSettingsSchema },
      },
    },
    async (request) => {
      const b = request.body;
      const timeZone = b.timeZone ?? 'UTC';
      if (!isTimeZone(timeZone))
        throw new AppError('bad_request', `timeZone "${timeZone}" is not a known IANA time zone`);
      let checked: ReturnType<typeof checkChannelsConfig>;
      try {
        checked = checkChannelsConfig({
          ...(b.providers ?? {}),
          ...(b.reports ? { reports: b.reports } : {}),
        });
      } catch (error) {
        if (error instanceof ChannelsConfigError) throw new AppError('bad_request', error.message);
        throw error;
      }
      const { reports, ...providers } = checked;
      const settings: MessagingSettings = {
        from: b.from,
        replyTo: b.replyTo ?? null,
        sendingDomain: b.sendingDomain ?? null,
        timeZone,
        quietHours: b.quietHours ?? null,
        caps: b.caps ?? { perDay: null, perWeek: null },
        reports: reports ?? null,
        providers: Object.keys(providers).length > 0 ? providers : null,
      };
      await m.write((w) => w.putSettings(request.workspace.id, settings, clock.now()));
      return withHooks(request, settingsView(settings));
    },
  );
}
