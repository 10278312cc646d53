import { Ajv, type Options } from 'ajv';
import formats from 'ajv-formats';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { closedSchema } from './closed-schema.ts';

/** The query string of a route that declares none: it takes no parameter at all. */
const NO_QUERY = { type: 'object', properties: {}, additionalProperties: false };

const compilerOptions: Options = {
  useDefaults: true,
  // An unknown key is an error (the closed schemas say so), never silently dropped: Fastify's default
  // removes it, which is how `?dryrun=true` once published a model meant as a dry run.
  removeAdditional: false,
  allErrors: false,
  // Each error carries the schema and the data it failed on, so its message can list every unknown key
  // beside the known ones (see validation-message.ts).
  verbose: true,
  // Schemas with an $id (used by several routes) are compiled per route, not registered globally.
  addUsedSchema: false,
};

function compiler(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ ...compilerOptions, coerceTypes });
  formats.default(ajv);
  return ajv;
}

const says = (schema: unknown): boolean =>
  typeof schema === 'object' && schema !== null && Object.keys(schema).some((k) => k !== 'description');

/**
 * The one place where the admin API refuses input its schemas do not describe; call it on the scope
 * before any route registers. Every route's query string, path parameters and body schema are closed
 * (see closedSchema): an unknown key anywhere is a 400 that names it. A route without a query string
 * schema takes no query parameter. A body schema must say something: a body that is open on purpose
 * says `additionalProperties: true`.
 */
export function refuseUnknownInput(app: FastifyInstance): void {
  // Query strings and path parameters are text and are read as the types their schemas give; a JSON
  // body already has types, so a number where a string belongs is refused rather than turned into "7".
  const text = compiler('array');
  const json = compiler(false);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? json : text).compile(schema));
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema: FastifySchema = route.schema ?? {};
    if (schema.body !== undefined && !says(schema.body)) {
      throw new Error(
        `${route.method} ${route.url}: the body schema says nothing; describe the body, or mark it open with additionalProperties: true`,
      );
    }
    route.schema = {
      ...schema,
      querystring: closedSchema(schema.querystring ?? NO_QUERY),
      ...(schema.params === undefined ? {} : { params: closedSchema(schema.params) }),
      ...(schema.body === undefined ? {} : { body: closedSchema(schema.body) }),
    };
  });
}
