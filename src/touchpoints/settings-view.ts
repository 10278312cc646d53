import type { Static } from 'typebox';
import type { Holds, Same } from '../core/index.ts';
import { DEFAULT_TOUCHPOINT_RULES } from './default-rules.ts';
import type { TouchpointConfig, TouchpointSettingsSchema } from './schema.ts';

/** A workspace's touchpoint rules (none set: `{}`) beside the defaults they go ahead of. */
export const touchpointSettingsView = (rules: TouchpointConfig | undefined) => ({
  rules: rules ?? {},
  defaults: DEFAULT_TOUCHPOINT_RULES,
});

// The view and its response schema must not drift apart (see core/schema-check.ts).
export type ViewAgrees = Holds<
  Same<Static<typeof TouchpointSettingsSchema>, ReturnType<typeof touchpointSettingsView>>
>;
