import { type Static, Type } from 'typebox';

/** The sign-in and user-management shapes of the admin API, shared with the dashboard. */
export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('editor'), Type.Literal('viewer')]);

const Email = Type.String({ minLength: 3, maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: 200 });

export const LoginBodySchema = Type.Object({ email: Email, password: Password });
export type LoginInput = Static<typeof LoginBodySchema>;

export const SetupBodySchema = Type.Object({
  token: Type.String({ maxLength: 200 }),
  email: Email,
  password: Password,
});
export type SetupInput = Static<typeof SetupBodySchema>;

export const MeSchema = Type.Object({
  user: Type.Object({ id: Type.Integer(), email: Type.String() }),
  workspaces: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), role: RoleSchema })),
  /** Send it back as X-CSRF-Token with every request that changes something. */
  csrfToken: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type MeView = Static<typeof MeSchema>;

export const SetupStatusSchema = Type.Object({ needsSetup: Type.Boolean() });

export const MemberSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  role: RoleSchema,
  since: Type.String({ format: 'date-time' }),
});
export type MemberView = Static<typeof MemberSchema>;
export const MemberListSchema = Type.Object({ items: Type.Array(MemberSchema) });
export type MemberListView = Static<typeof MemberListSchema>;

export const AddMemberSchema = Type.Object({
  email: Email,
  role: RoleSchema,
  password: Type.Optional(Password),
});
export type AddMemberInput = Static<typeof AddMemberSchema>;
export const ChangeRoleSchema = Type.Object({ role: RoleSchema });
export const UserIdParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1 }) });
