import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type Clock, iso } from '../../core/index.ts';
import type { Store } from '../../storage/index.ts';
import {
  AddMemberSchema,
  addMember,
  ChangeRoleSchema,
  changeMember,
  MemberListSchema,
  MemberSchema,
  type Membership,
  type User,
  UserIdParamsSchema,
} from '../../users/index.ts';
import { errorResponses } from '../error-responses.ts';

const view = (user: User, m: Membership) => ({
  id: user.id,
  email: user.email,
  role: m.role,
  since: iso(m.createdAt),
});

/** The workspace's members and their roles (the admin role is required by the admin hook). */
export async function userRoutes(app: FastifyInstance, deps: { store: Store; clock: Clock }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const users = deps.store.users;

  const member = async (workspaceId: number, userId: number) => {
    const found = (await users.members(workspaceId)).find((m) => m.user.id === userId)!;
    return view(found.user, found.membership);
  };

  api.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: "The workspace's members and their roles",
        response: { 200: MemberListSchema },
      },
    },
    async (request) => ({
      items: (await users.members(request.workspace.id)).map((m) => view(m.user, m.membership)),
    }),
  );

  api.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Add a member: an existing account gets the role, a new one is created with the password',
        body: AddMemberSchema,
        response: { 200: MemberSchema },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const { user } = await addMember(users, { ...request.body, workspaceId: ws, now: deps.clock.now() });
      return member(ws, user.id);
    },
  );

  api.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: "Change a member's role (the only admin stays admin)",
        params: UserIdParamsSchema,
        body: ChangeRoleSchema,
        response: { 200: MemberSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const ws = request.workspace.id;
      const userId = request.params.id;
      await changeMember(users, { userId, workspaceId: ws, role: request.body.role, now: deps.clock.now() });
      return member(ws, userId);
    },
  );

  api.delete(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Remove a member from the workspace (an account left in none is deleted)',
        params: UserIdParamsSchema,
        response: { 204: { type: 'null' }, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await changeMember(users, {
        userId: request.params.id,
        workspaceId: request.workspace.id,
        role: null,
        now: deps.clock.now(),
      });
      return reply.status(204).send(null);
    },
  );
}
