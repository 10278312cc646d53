import { type Static, Type } from 'typebox';

/** API keys as the admin API lists them: never the key itself, only its prefix. */
export const ApiKeySchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('write'), Type.Literal('secret')]),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type ApiKeyView = Static<typeof ApiKeySchema>;
export const ApiKeyListSchema = Type.Object({ items: Type.Array(ApiKeySchema) });
export type ApiKeyListView = Static<typeof ApiKeyListSchema>;

/** A key just made: the only answer that carries the key in the clear. */
export const NewKeySchema = Type.Object({ key: Type.String(), record: ApiKeySchema });
export type NewKeyView = Static<typeof NewKeySchema>;

export const CreateKeySchema = Type.Object({
  kind: Type.Union([Type.Literal('write'), Type.Literal('secret')]),
  name: Type.String({ minLength: 1, maxLength: 100 }),
});
export type CreateKeyInput = Static<typeof CreateKeySchema>;
export const KeyIdParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** The workspace the request acts on, for the dashboard's settings page. */
export const WorkspaceViewSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type WorkspaceView = Static<typeof WorkspaceViewSchema>;
