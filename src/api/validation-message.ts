/** The parts of an Ajv error this file reads (Ajv runs `verbose`, so each carries its schema and data). */
export type SchemaError = {
  keyword: string;
  instancePath: string;
  message?: string;
  parentSchema?: { properties?: Record<string, unknown>; patternProperties?: Record<string, unknown> };
  data?: unknown;
};

/** What a client calls each part of a request. */
const PART: Record<string, string> = {
  querystring: 'query parameter',
  params: 'path parameter',
  body: 'field',
  headers: 'header',
};

/** `/steps/0/where` as people write it: `steps[0].where`. */
const dotted = (instancePath: string): string =>
  instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');

/** The keys of the failing object its schema does not take, all of them (Ajv stops at the first). */
function unknownKeys(error: SchemaError): { unknown: string[]; known: string[] } {
  const known = Object.keys(error.parentSchema?.properties ?? {});
  const patterns = Object.keys(error.parentSchema?.patternProperties ?? {}).map((p) => new RegExp(p, 'u'));
  const data = error.data && typeof error.data === 'object' ? error.data : {};
  const unknown = Object.keys(data).filter(
    (key) => !known.includes(key) && !patterns.some((pattern) => pattern.test(key)),
  );
  return { unknown, known };
}

/**
 * The message of a 400 for input its schema refuses. An unknown key (anywhere in the input, e.g. in a
 * funnel step) is named with the keys that place takes, e.g. `unknown query parameter dryrun; known:
 * dryRun`; other errors read `query parameter limit must be >= 1`.
 */
export function validationMessage(part: string | undefined, errors: readonly SchemaError[]): string {
  const noun = PART[part ?? ''] ?? 'value';
  const extra = errors.find((e) => e.keyword === 'additionalProperties');
  if (extra) {
    const { unknown, known } = unknownKeys(extra);
    const where = extra.instancePath ? ` in ${dotted(extra.instancePath)}` : '';
    const none = where ? 'it takes none' : 'this route takes none';
    const takes = known.length ? `known: ${known.join(', ')}` : none;
    return `unknown ${noun} ${unknown.join(', ')}${where}; ${takes}`;
  }
  const subject = part === 'body' ? 'body' : noun;
  return errors
    .map((e) => {
      const path = dotted(e.instancePath);
      return `${path ? `${noun} ${path}` : subject} ${e.message ?? 'is not valid'}`;
    })
    .join(', ');
}
