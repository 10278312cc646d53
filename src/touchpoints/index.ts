export { compileTouchpointRules, type Touchpoint, type TouchpointClassifier } from './classify.ts';
export { classifyMessages } from './classify-messages.ts';
export { DEFAULT_TOUCHPOINT_RULES } from './default-rules.ts';
export type { TouchpointInput } from './event-facts.ts';
export {
  type ChannelConditions,
  type ChannelRule,
  type PropertyCondition,
  type TouchpointConditions,
  type TouchpointConfig,
  TouchpointConfigSchema,
  type TouchpointRule,
  TouchpointSettingsSchema,
  type TouchpointSettingsView,
} from './schema.ts';
export { touchpointSettingsView } from './settings-view.ts';
export { type TouchpointConfigIssue, validateTouchpointConfig } from './validate.ts';
