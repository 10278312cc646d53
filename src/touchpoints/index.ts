export { compileTouchpointRules, type Touchpoint, type TouchpointClassifier } from './classify.ts';
export { classifyMessages } from './classify-messages.ts';
export { DEFAULT_TOUCHPOINT_RULES } from './default-rules.ts';
export type { TouchpointInput } from './event-facts.ts';
export type {
  ChannelConditions,
  ChannelRule,
  PropertyCondition,
  TouchpointConditions,
  TouchpointConfig,
  TouchpointRule,
} from './schema.ts';
export { type TouchpointConfigIssue, validateTouchpointConfig } from './validate.ts';
