export type { MessageOrigin, NewOutboxMessage, OutboxChannel, OutboxWritesInUnit } from './outbox-types.ts';
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
