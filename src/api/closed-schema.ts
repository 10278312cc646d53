type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keywords whose value is a map of names to schemas, a list of schemas, or one schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'prefixItems']);
const SCHEMAS = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains']);

/** Strict copies by original, so a schema shared by many routes compiles once (and keeps one $id). */
const closedCopies = new WeakMap<object, Node>();

/**
 * A copy of a JSON schema in which every object that lists its properties refuses any other key
 * (`additionalProperties: false`), at every depth. An object schema that says `additionalProperties: true`
 * (or gives a schema for them, or `patternProperties`) stays as open as it says: open is written on
 * purpose, never the default. The original is left as it is, since the contract exports it.
 * @example closedSchema(Type.Object({ a: Type.String() })) // { ..., additionalProperties: false }
 */
export function closedSchema<T>(schema: T): T {
  if (!isNode(schema)) return schema;
  const known = closedCopies.get(schema);
  if (known) return known as T;
  if (Array.isArray(schema.allOf) && schema.allOf.some((part) => isNode(part) && 'properties' in part)) {
    // Each part of an intersection would refuse the keys the other parts list.
    throw new Error('closedSchema: allOf over objects cannot be closed part by part; write one object');
  }
  const copy: Node = {};
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_MAPS.has(key) && isNode(value)) {
      copy[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, closedSchema(s)]));
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      copy[key] = value.map(closedSchema);
    } else if (SCHEMAS.has(key)) {
      copy[key] = Array.isArray(value) ? value.map(closedSchema) : closedSchema(value);
    } else {
      copy[key] = value;
    }
  }
  const isObject = copy.type === 'object' || 'properties' in copy;
  if (isObject && copy.additionalProperties === undefined && copy.patternProperties === undefined) {
    copy.additionalProperties = false;
  }
  closedCopies.set(schema, copy);
  closedCopies.set(copy, copy);
  return copy as T;
}

/** Whether a schema takes an object whose keys it does not list: the explicit marker of an open body. */
export const isOpenObject = (schema: unknown): boolean =>
  isNode(schema) &&
  (schema.additionalProperties === true || (Array.isArray(schema.anyOf) && schema.anyOf.some(isOpenObject)));
