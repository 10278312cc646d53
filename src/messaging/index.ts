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
export {
  faultLine,
  publishTemplate,
  readTemplate,
  saveTemplate,
  templateFaults,
} from './manage-templates.ts';
export type { MessageOrigin, NewOutboxMessage, OutboxChannel, OutboxWritesInUnit } from './outbox-types.ts';
export { installStarterTemplates, starterTemplate } from './starter-templates.ts';
export {
  type PreviewTemplateInput,
  PreviewTemplateSchema,
  PublishedTemplateSchema,
  type SaveTemplateInput,
  SaveTemplateSchema,
  type TemplateInput,
  TemplateInputSchema,
  TemplateListQuerySchema,
  TemplateListSchema,
  TemplateParamsSchema,
  TemplatePreviewSchema,
  TemplateSchema,
  TemplateVersionsSchema,
} from './template-schemas.ts';
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
export { templateSummary, templateView } from './template-views.ts';
export {
  checkTemplate,
  createRenderer,
  DEFAULT_LIQUID_LIMITS,
  DEFAULT_RENDER_LIMITS,
  type DocumentFault,
  type LiquidLimits,
  type RecipientProfile,
  RenderError,
  type Renderer,
  type RenderLimits,
  renderInputOf,
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
