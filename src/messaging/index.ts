export {
  type LinkClaims,
  type LinkKind,
  linkWorkspace,
  listUnsubscribeHeaders,
  messageIdFor,
  NO_TRACK,
  signLink,
  type TrackingOptions,
  trackEmail,
  verifyLink,
} from './links/index.ts';
export type { MessageOrigin, NewOutboxMessage, OutboxChannel, OutboxWritesInUnit } from './outbox-types.ts';
export type { TemplateDraft, TemplateRecord, TemplateStorage, TemplateVersion } from './template-storage.ts';
export type {
  CompiledTemplate,
  PublishedTemplate,
  PublishedTemplates,
  RenderedMessage,
  RenderInput,
  TemplateCheck,
  TemplateContent,
  TemplateFault,
} from './template-types.ts';
export {
  checkTemplate,
  createRenderer,
  DEFAULT_LIQUID_LIMITS,
  DEFAULT_RENDER_LIMITS,
  type DocumentFault,
  type LiquidLimits,
  RenderError,
  type Renderer,
  type RenderLimits,
  type SmsSegments,
  smsSegments,
  TEMPLATE_KEY,
  TEMPLATE_VARIABLES,
  type TemplateDefinition,
  type TemplateDocumentResult,
  templateFromDocument,
  templateToDocument,
  toLiquidScope,
} from './templates/index.ts';
