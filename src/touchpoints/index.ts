export { compileTouchpointRules, type Touchpoint, type TouchpointClassifier } from './classify.ts';
export { classifyMessages, eventValue } from './classify-messages.ts';
export { DEFAULT_TOUCHPOINT_RULES } from './default-rules.ts';
export type { TouchpointInput } from './event-facts.ts';
export { snakeCase } from './fallbacks.ts';
export {
  type ChannelConditions,
  type ChannelRule,
  type PropertyCondition,
  type TouchpointConditions,
  type TouchpointConfig,
  TouchpointConfigSchema,
  type TouchpointRule,
} from './schema.ts';
export {
  assertTouchpointConfig,
  TouchpointConfigError,
  type TouchpointConfigIssue,
  validateTouchpointConfig,
} from './validate.ts';
