import type { TemplateFault } from '../template-types.ts';

/**
 * A message that cannot be rendered: a Liquid error at send time, a limit passed, a webhook body that
 * is not JSON. The same input fails the same way again, so the sender records it and does not retry.
 */
export class RenderError extends Error {
  override name = 'RenderError';
  readonly field: TemplateFault['field'];
  constructor(field: TemplateFault['field'], message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}
