/**
 * The SQL of SQLite's claims and next-due reads: one subquery per requested kind on jobs_by_kind, each
 * an ordered walk of that kind's range that stops after the rows it needs, merged in run order. SQLite
 * has no LATERAL join, and `kind IN (...)` under `ORDER BY run_at, id` would read every due job of the
 * kinds and sort them; a union of one ordered walk per kind reads only what it returns, so a claim
 * costs the same whatever backlog other kinds hold. The text depends only on how many kinds, so each
 * is built once and the store's statement cache prepares it once.
 */

/** A job nobody holds, or whose holder's lease ran out. */
const FREE = '(locked_until IS NULL OR locked_until < :now)';

/** Due, live and free: the claim condition, within one kind. */
const CLAIMABLE = `failed_at IS NULL AND run_at <= :now AND ${FREE}`;

const texts = new Map<string, string>();

function cached(name: string, kinds: number, build: (n: number) => string): string {
  const key = `${name}:${kinds}`;
  let sql = texts.get(key);
  if (sql === undefined) {
    sql = build(kinds);
    texts.set(key, sql);
  }
  return sql;
}

/** `(id, run_at)` of the first `limit` rows of each kind `:k0`.. that meet `where`, earliest first. */
function perKind(kinds: number, where: string, limit: string): string {
  return Array.from(
    { length: kinds },
    (_, i) => `SELECT * FROM (SELECT id, run_at FROM jobs WHERE kind = :k${i} AND ${where}
      ORDER BY run_at, id LIMIT ${limit})`,
  ).join('\n  UNION ALL ');
}

/** The ids of the first `:limit` claimable jobs across the kinds, earliest `run_at` first, then lowest id. */
const claimable = (kinds: number) =>
  `SELECT id FROM (${perKind(kinds, CLAIMABLE, ':limit')} ORDER BY run_at, id LIMIT :limit)`;

// A job whose last attempt's lease ran out (its worker died) has no attempt left: it becomes dead here
// rather than claimed, with why in last_error, so it never sits locked forever. PostgreSQL's claim,
// jobs_claim in its 017_jobs_by_kind.sql, does the same.
/** The claim of `kinds` kinds, bound as `:k0`, `:k1`, ... with `:now`, `:limit`, `:worker`, `:until`. */
export const claimSql = (kinds: number): string =>
  cached(
    'claim',
    kinds,
    (n) => `UPDATE jobs SET
    attempts = attempts + CASE WHEN attempts < max_attempts THEN 1 ELSE 0 END,
    locked_by = CASE WHEN attempts < max_attempts THEN :worker END,
    locked_until = CASE WHEN attempts < max_attempts THEN :until END,
    failed_at = CASE WHEN attempts >= max_attempts THEN :now END,
    last_error = CASE WHEN locked_by IS NULL THEN last_error ELSE 'the lease of ' || locked_by || ' ran out' END
  WHERE id IN (${claimable(n)})
  RETURNING *`,
  );

/** Whether any job of the kinds is claimable (`:limit` bound to 1): a read, so an idle poll takes no write lock. */
export const anyClaimableSql = (kinds: number): string => cached('any', kinds, claimable);

/** The earliest `run_at` among the kinds' free live jobs, one index probe per kind. */
export const nextDueSql = (kinds: number): string =>
  cached(
    'next',
    kinds,
    (n) => `SELECT min(run_at) AS run_at FROM (${perKind(n, `failed_at IS NULL AND ${FREE}`, '1')})`,
  );

/** The kinds as the statements above bind them. */
export const kindArgs = (kinds: readonly string[]): Record<string, string> =>
  Object.fromEntries(kinds.map((kind, i) => [`k${i}`, kind]));
