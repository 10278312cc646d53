import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Message, MessageType } from '../../core/index.ts';
import { AppError, type Clock } from '../../core/index.ts';
import type { IngestWriter } from '../../ingest/index.ts';
import { isRejection, MAX_MESSAGE_BYTES, MAX_REQUEST_BYTES, validateMessage } from '../../ingest/index.ts';
import { classifyMessages } from '../../touchpoints/index.ts';
import type { KeyAuthenticator, Workspace } from '../../workspaces/index.ts';
import { errorBody, type Metrics, methodNotAllowed } from '../http.ts';
import { installIngestBodyParsing } from './body.ts';
import { settingsDocument } from './settings-document.ts';

export type IngestDeps = {
  writer: IngestWriter;
  keys: KeyAuthenticator;
  clock: Clock;
  metrics: Metrics;
  publicUrl: string | undefined;
};

/** Single-message endpoints, by their Segment name and the one-letter path analytics.js uses. */
const SINGLE: [string, string, MessageType][] = [
  ['identify', 'i', 'identify'],
  ['track', 't', 'track'],
  ['page', 'p', 'page'],
  ['screen', 's', 'screen'],
  ['group', 'g', 'group'],
  ['alias', 'a', 'alias'],
];

type Rejected = { index: number; messageId?: string; code: string; message: string };

/**
 * The Segment HTTP Tracking API under /v1. A batch with some invalid messages stores the valid ones and
 * answers 200 with the list of rejected ones and why; only a batch with no valid message is a 400, so
 * that an SDK, which drops a whole batch on a 4xx, never loses good messages for one bad one.
 */
export async function ingestRoutes(app: FastifyInstance, deps: IngestDeps): Promise<void> {
  await app.register(cors, {
    origin: true,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Content-Encoding'],
    maxAge: 86_400,
  });
  installIngestBodyParsing(app);

  const authenticate = async (request: FastifyRequest): Promise<Workspace> => {
    const key = basicUser(request.headers.authorization) ?? bodyWriteKey(request.body);
    if (!key) {
      throw new AppError(
        'unauthorized',
        'missing write key: send it as the HTTP Basic user name or as writeKey',
      );
    }
    const workspace = await deps.keys.authenticate(key, 'write');
    if (!workspace) throw new AppError('unauthorized', 'unknown or revoked write key');
    return workspace;
  };

  const store = async (workspace: Workspace, messages: Message[]) => {
    classifyMessages(messages, workspace.settings.touchpoints);
    const outcome = await deps.writer.submit(workspace.id, messages, workspace.settings.identity);
    deps.metrics.ingestMessages.inc({ outcome: 'stored' }, outcome.inserted);
    if (outcome.duplicates) deps.metrics.ingestMessages.inc({ outcome: 'duplicate' }, outcome.duplicates);
    return outcome;
  };

  for (const [name, letter, type] of SINGLE) {
    for (const url of [`/${name}`, `/${letter}`]) {
      app.post(url, { bodyLimit: 2 * MAX_MESSAGE_BYTES }, async (request) => {
        const workspace = await authenticate(request);
        const result = validateMessage(request.body, type, { receivedAt: deps.clock.now() });
        if (isRejection(result)) {
          deps.metrics.ingestMessages.inc({ outcome: 'rejected' });
          throw new AppError(result.code, result.message);
        }
        await store(workspace, [result]);
        return { success: true };
      });
      methodNotAllowed(app, url, ['POST']);
    }
  }

  for (const url of ['/batch', '/b', '/import']) {
    const keepTimestamps = url === '/import';
    app.post(url, { bodyLimit: MAX_REQUEST_BYTES }, async (request) => {
      const workspace = await authenticate(request);
      const body = request.body as Record<string, unknown>;
      if (!body || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(body.batch)) {
        throw new AppError('invalid_message', 'body must be an object with a batch array of messages');
      }
      if (body.batch.length === 0) throw new AppError('invalid_message', 'batch is empty');
      const receivedAt = deps.clock.now();
      const context = {
        receivedAt,
        batchSentAt: body.sentAt,
        batchContext: body.context,
        batchIntegrations: body.integrations,
        keepTimestamps,
      };
      const messages: Message[] = [];
      const rejected: Rejected[] = [];
      body.batch.forEach((raw: unknown, index: number) => {
        const result = validateMessage(raw, undefined, context);
        if (!isRejection(result)) {
          messages.push(result);
          return;
        }
        const messageId = (raw as { messageId?: unknown } | null)?.messageId;
        rejected.push({ index, ...(typeof messageId === 'string' ? { messageId } : {}), ...result });
      });
      if (rejected.length) deps.metrics.ingestMessages.inc({ outcome: 'rejected' }, rejected.length);
      if (messages.length === 0) {
        throw new AppError('invalid_message', `no valid message in batch: ${rejected[0].message}`, {
          rejected,
        });
      }
      const outcome = await store(workspace, messages);
      return { success: true, stored: outcome.inserted, duplicates: outcome.duplicates, rejected };
    });
    methodNotAllowed(app, url, ['POST']);
  }

  // analytics.js reports its own delivery metrics here; they are not customer data.
  app.post('/m', { bodyLimit: MAX_REQUEST_BYTES }, async () => ({ success: true }));

  app.get('/projects/:writeKey/settings', async (request, reply) => {
    const { writeKey } = request.params as { writeKey: string };
    const workspace = await deps.keys.authenticate(writeKey, 'write');
    if (!workspace) return reply.status(404).send(errorBody('not_found', 'unknown or revoked write key'));
    const base = deps.publicUrl ?? `${request.protocol}://${request.host}`;
    // Built from the request's Host unless LOOPLINE_PUBLIC_URL is set, so a shared cache must not keep it.
    reply.header('cache-control', deps.publicUrl ? 'public, max-age=60' : 'private, max-age=60');
    return settingsDocument(writeKey, base);
  });
}

function basicUser(header: string | undefined): string | null {
  if (!header?.toLowerCase().startsWith('basic ')) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const user = decoded.split(':')[0];
  return user ? user : null;
}

function bodyWriteKey(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const key = (body as { writeKey?: unknown }).writeKey;
  return typeof key === 'string' && key ? key : null;
}
