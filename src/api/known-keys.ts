import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/index.ts';

type WithProperties = { properties: Record<string, unknown> };

const unknownKeys = (value: unknown, schema: WithProperties): string[] =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.keys(value).filter((key) => !Object.hasOwn(schema.properties, key))
    : [];

/**
 * Fastify's Ajv removes properties a schema does not list instead of failing, so a misspelt filter
 * (`?userid=`) would silently match everything; refuse unknown query parameters instead.
 */
export const knownQueryOnly =
  (schema: WithProperties) =>
  async (request: FastifyRequest): Promise<void> => {
    const unknown = unknownKeys(request.query, schema);
    if (unknown.length) {
      const known = Object.keys(schema.properties);
      throw new AppError(
        'bad_request',
        `unknown query parameter ${unknown.join(', ')}; ${known.length ? `known: ${known.join(', ')}` : 'this route takes none'}`,
      );
    }
  };

/** The same for JSON bodies: a misspelt field (`"descripton"`) is refused rather than ignored. */
export const knownBodyOnly =
  (schema: WithProperties) =>
  async (request: FastifyRequest): Promise<void> => {
    const unknown = unknownKeys(request.body, schema);
    if (unknown.length) {
      throw new AppError(
        'bad_request',
        `unknown field ${unknown.join(', ')}; known: ${Object.keys(schema.properties).join(', ')}`,
      );
    }
  };
