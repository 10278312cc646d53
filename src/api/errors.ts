import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, ERROR_STATUS, type ErrorBody, type ErrorCode } from '../core/index.ts';
import { type SchemaError, validationMessage } from './validation-message.ts';

export type { ErrorBody };

/** The body of an error answer, e.g. `errorBody('not_found', 'no segment "vip"')`. */
export const errorBody = (code: ErrorCode, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Maps Fastify's own error codes to ours, with a message a client can act on. */
const FASTIFY_ERRORS: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [
    'payload_too_large',
    'request body is larger than the limit for this endpoint',
  ],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    'unsupported_media_type',
    'unsupported Content-Type; send application/json',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_json', 'request body is empty'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['bad_request', 'Content-Length does not match the body'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_json', 'request body is not valid JSON'],
};

/** One place where every failure becomes `{"error":{"code","message"}}` with its status. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.code === 'too_many_requests') reply.header('retry-after', '1');
      return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if (error.validation) {
      const message = validationMessage(error.validationContext, error.validation as SchemaError[]);
      return reply.status(400).send(errorBody('bad_request', message));
    }
    const mapped = error.code ? FASTIFY_ERRORS[error.code] : undefined;
    if (mapped) return reply.status(ERROR_STATUS[mapped[0]]).send(errorBody(mapped[0], mapped[1]));
    if ((error as { errno?: number }).errno !== undefined && /^Z_/.test(error.code ?? '')) {
      return reply
        .status(400)
        .send(errorBody('unsupported_encoding', `body could not be decompressed: ${error.message}`));
    }
    if (error instanceof SyntaxError) {
      return reply
        .status(400)
        .send(errorBody('invalid_json', `request body is not valid JSON: ${error.message}`));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody('bad_request', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal', 'internal error; the cause is in the server log'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}

/** Registers 405 answers for the methods a path does not take, so a wrong method is told so. */
export function methodNotAllowed(app: FastifyInstance, url: string, allowed: string[]): void {
  const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !allowed.includes(m));
  app.route({
    method: others,
    url,
    handler: async (request, reply) =>
      reply
        .status(405)
        .header('allow', allowed.join(', '))
        .send(
          errorBody(
            'method_not_allowed',
            `${request.method} is not allowed here; use ${allowed.join(' or ')}`,
          ),
        ),
  });
}
