export { checkTemplate } from './check-template.ts';
export type { DocumentFault } from './document-source.ts';
export { DEFAULT_LIQUID_LIMITS, type LiquidLimits } from './liquid-engine.ts';
export { RenderError } from './render-error.ts';
export { type RecipientProfile, renderInputOf } from './render-input.ts';
export { DEFAULT_RENDER_LIMITS, type RenderLimits } from './render-limits.ts';
export { createRenderer, type Renderer } from './renderer.ts';
export { type SmsSegments, smsSegments } from './sms-segments.ts';
export {
  TEMPLATE_KEY,
  type TemplateDefinition,
  type TemplateDocumentResult,
  templateFromDocument,
  templateToDocument,
} from './template-document.ts';
export { TEMPLATE_VARIABLES, toLiquidScope } from './variables.ts';
