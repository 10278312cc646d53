import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, type Clock, iso } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';
import {
  type ApiKey,
  ApiKeyListSchema,
  ApiKeySchema,
  CreateKeySchema,
  createKey,
  type KeyAuthenticator,
  KeyIdParamsSchema,
  NewKeySchema,
  rotateKey,
  WorkspaceViewSchema,
} from '../../workspaces/index.ts';
import { errorResponses } from '../error-responses.ts';

const view = (k: ApiKey) => ({
  id: k.id,
  kind: k.kind,
  name: k.name,
  prefix: k.prefix,
  createdAt: iso(k.createdAt),
  revokedAt: k.revokedAt === null ? null : iso(k.revokedAt),
});

/**
 * The workspace's API keys: listed by prefix, made and rotated with the new key in the answer once,
 * revoked at once in this process (`keys.forget`). The admin role is required by the admin hook.
 */
export async function keyRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock; keys: KeyAuthenticator },
): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, clock } = deps;

  const own = async (workspaceId: number, id: number) => {
    const key = await store.keys.get(id);
    // Another workspace's key is as unknown here as one that never existed.
    if (!key || key.workspaceId !== workspaceId)
      throw new AppError('not_found', `no key ${id} in this workspace`);
    if (key.revokedAt !== null) throw new AppError('conflict', `key ${id} is revoked already`);
    return key;
  };

  api.get(
    '/workspace',
    {
      schema: {
        tags: ['workspace'],
        summary: 'The workspace this request acts on',
        response: { 200: WorkspaceViewSchema },
      },
    },
    async (request) => ({
      id: request.workspace.id,
      name: request.workspace.name,
      createdAt: iso(request.workspace.createdAt),
    }),
  );

  api.get(
    '/keys',
    {
      schema: {
        tags: ['keys'],
        summary: "The workspace's API keys (prefixes only)",
        response: { 200: ApiKeyListSchema },
      },
    },
    async (request) => ({ items: (await store.keys.list(request.workspace.id)).map(view) }),
  );

  api.post(
    '/keys',
    {
      schema: {
        tags: ['keys'],
        summary: 'Create a key; the answer is the only time it is shown',
        body: CreateKeySchema,
        response: { 200: NewKeySchema },
      },
    },
    async (request) => {
      const { key, record } = await createKey(store, {
        workspaceId: request.workspace.id,
        ...request.body,
        now: clock.now(),
      });
      return { key, record: view(record) };
    },
  );

  api.post(
    '/keys/:id/rotate',
    {
      schema: {
        tags: ['keys'],
        summary: 'Replace a key with a new one of the same kind (shown once) and revoke the old one',
        params: KeyIdParamsSchema,
        response: { 200: NewKeySchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      await own(request.workspace.id, request.params.id);
      const rotated = (await rotateKey(store, request.params.id, clock.now()))!;
      deps.keys.forget();
      return { key: rotated.key, record: view(rotated.record) };
    },
  );

  api.delete(
    '/keys/:id',
    {
      schema: {
        tags: ['keys'],
        summary: 'Revoke a key: it stops working at once',
        params: KeyIdParamsSchema,
        response: { 200: ApiKeySchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const key = await own(request.workspace.id, request.params.id);
      const now = clock.now();
      await store.keys.revoke(key.id, now);
      deps.keys.forget();
      return view({ ...key, revokedAt: now });
    },
  );
}
