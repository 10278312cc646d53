import { AppError } from '../core/index.ts';
import { journeyFromDocument } from './journey-document.ts';
import type { JourneyDefinition } from './model.ts';
import { isTemplateKey, loadTemplate, TEMPLATE_KEYS } from './templates.ts';

/**
 * The definition a create or save request carries: a ready-made template by key, or a document (YAML
 * text or JSON). Every fault of a document is in the error's details, each at its path and line.
 */
export function journeyFromInput(body: { document?: unknown; template?: string }): JourneyDefinition {
  if ((body.document === undefined) === (body.template === undefined)) {
    throw new AppError(
      'bad_request',
      'send either "document" (the journey as YAML text or JSON) or "template" (a ready-made journey\'s key)',
    );
  }
  if (body.template !== undefined) {
    if (!isTemplateKey(body.template))
      throw new AppError(
        'bad_request',
        `unknown template "${body.template}"; templates: ${TEMPLATE_KEYS.join(', ')}`,
      );
    return loadTemplate(body.template);
  }
  const result = journeyFromDocument(body.document, typeof body.document === 'string' ? 'yaml' : undefined);
  if (!result.ok) {
    const first = result.errors[0]!;
    const where = first.line === undefined ? '' : ` (line ${first.line}, column ${first.column ?? 1})`;
    throw new AppError(
      'bad_request',
      `invalid journey: ${first.path || 'document'}${where}: ${first.message}`,
      {
        errors: result.errors,
      },
    );
  }
  return result.journey;
}
