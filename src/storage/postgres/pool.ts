import pg from 'pg';

export type PostgresOptions = {
  /** Most connections the pool opens (default 10). */
  poolSize?: number;
  /** Keep every table in this schema (created by `migrate` if missing): one isolated schema per test run. */
  schema?: string;
  /** The migrations folder (default: the shipped one); tests point it at an edited copy. */
  migrationsDir?: string;
};

const INT8 = 20;

// Per-pool parsers rather than `pg.types.setTypeParser`, so that loading this adapter changes nothing
// for other users of `pg` in the process. Ids and epoch milliseconds stay far below 2^53.
const types = new pg.TypeOverrides();
types.setTypeParser(INT8, 'text', Number);

/** Schema names go into SQL and the connection options unquoted, so only plain identifiers are allowed. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`schema name must be a lower-case SQL identifier, got ${JSON.stringify(schema)}`);
  }
  return schema;
}

/** A pool whose connections parse int8 as number and, with `schema`, look tables up in that schema only. */
export function createPool(url: string, options: PostgresOptions = {}): pg.Pool {
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    // Set at connection start-up, so no query ever runs against the wrong schema. JIT off: Loopline's
    // queries are index scans of milliseconds, and PostgreSQL's cost estimates for the analytics reads
    // cross jit_above_cost, where compiling alone took 70–110 ms (measured on bench/analytics).
    options: `-c jit=off${schema ? ` -c search_path=${schema}` : ''}`,
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that would
  // crash the process. The next query gets a fresh connection, so there is nothing else to do here.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `fn` inside BEGIN/COMMIT on one pooled connection; rolls back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // A connection that cannot even roll back is not handed to the next caller.
      broken = rollbackError as Error;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Drops a schema and everything in it; for tests that gave each run its own schema.
 *
 * @example after(() => dropSchema(url, schema));
 */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${checkSchemaName(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** The first row a query returns, if any. */
export async function one(
  db: pg.Pool | pg.ClientBase,
  sql: string,
  args: unknown[],
): Promise<Record<string, unknown> | undefined> {
  return (await db.query(sql, args)).rows[0];
}
