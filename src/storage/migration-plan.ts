import { type AppliedMigration, type Migration, MigrationError, migrationStem } from './migrations.ts';

/** What a start must do to `schema_migrations` and the schema; see `planMigrations`. */
export type MigrationPlan = {
  /** Rows recorded under an earlier number of the same change: rewritten under the file's number. */
  renumbered: { from: AppliedMigration; to: Migration }[];
  /** Rows recorded before checksums were: they take the file's checksum (we cannot know what ran). */
  backfill: Migration[];
  /** Files not applied yet, in order. */
  pending: Migration[];
};

/**
 * Plans a start from the recorded rows and the files, the same for both dialects (each adapter only runs
 * the plan, inside its migration transaction). A row is matched to its file by name, or by the name
 * without its number when the file was renumbered (SQLite's 003_customer_log_index became 006 so that
 * each change has the same number in both dialects), so an upgraded database neither runs a change
 * again nor skips one that now has the number of another. Throws `MigrationError` when an applied file
 * no longer has the text it was applied with, or when the rows cannot be matched unambiguously.
 * Rows that match no file are left alone: a newer release recorded them.
 *
 * @example const plan = planMigrations(readMigrations(dir), rows); // plan.pending: what to apply
 */
export function planMigrations(files: Migration[], applied: AppliedMigration[]): MigrationPlan {
  const byName = new Map(files.map((f) => [f.name, f]));
  const byStem = new Map(files.map((f) => [migrationStem(f.name), f]));
  const plan: MigrationPlan = { renumbered: [], backfill: [], pending: [] };
  const matched = new Map<string, AppliedMigration>();
  for (const row of applied) {
    const file = byName.get(row.name) ?? byStem.get(migrationStem(row.name));
    if (!file) continue;
    if (matched.has(file.name)) {
      throw new MigrationError(
        `schema_migrations records ${file.name} twice (as ${matched.get(file.name)!.name} and ${row.name}); ` +
          'keep the row of the number this release gives it and delete the other.',
      );
    }
    matched.set(file.name, row);
    if (row.checksum !== null && row.checksum !== file.checksum) throw changedError(file, row.checksum);
    if (file.name !== row.name) plan.renumbered.push({ from: row, to: file });
    else if (row.checksum === null) plan.backfill.push(file);
  }
  // The versions taken once the renumbered rows have moved: no row may land on another's.
  const taken = new Map<number, string>();
  const moving = new Set(plan.renumbered.map((r) => r.from));
  for (const row of applied) if (!moving.has(row)) taken.set(row.version, row.name);
  for (const { to } of plan.renumbered) claim(taken, to);
  for (const file of files) {
    if (matched.has(file.name)) continue;
    claim(taken, file);
    plan.pending.push(file);
  }
  return plan;
}

function claim(taken: Map<number, string>, file: Migration): void {
  const holder = taken.get(file.version);
  if (holder !== undefined && holder !== file.name) {
    throw new MigrationError(
      `schema_migrations already has version ${file.version} as ${holder}, so ${file.file} cannot take it: ` +
        'this database was migrated by a release whose migrations differ from these.',
    );
  }
  taken.set(file.version, file.name);
}

function changedError(file: Migration, recorded: string): MigrationError {
  return new MigrationError(
    `migration ${file.file} has changed since it was applied to this database ` +
      `(SHA-256 then ${recorded}, now ${file.checksum}). A shipped migration must never change: ` +
      `restore the text it shipped with (git log -p -- ${file.file}) and make the change in a new numbered ` +
      'migration. Loopline will not start on this database until then.',
  );
}

/** One write to the schema or to `schema_migrations`, in the order a start makes them. */
export type MigrationStep =
  | { kind: 'remove'; version: number }
  | { kind: 'record'; row: AppliedMigration }
  | { kind: 'checksum'; version: number; checksum: string }
  | { kind: 'apply'; migration: Migration };

/**
 * The writes of a start, for an adapter to run in its migration transaction (SQLite runs them without
 * awaiting: another connection of the same thread waiting for the write lock would block this one's
 * continuation). Renumbered rows first, then backfilled checksums, then each pending migration with its row.
 */
export function migrationSteps(
  files: Migration[],
  applied: AppliedMigration[],
  now: number,
): MigrationStep[] {
  const plan = planMigrations(files, applied);
  const steps: MigrationStep[] = [];
  // Every old row goes before any new one: the new numbers are a permutation of some of the old ones.
  for (const { from } of plan.renumbered) steps.push({ kind: 'remove', version: from.version });
  for (const { from, to } of plan.renumbered)
    steps.push({ kind: 'record', row: recordOf(to, from.appliedAt) });
  for (const file of plan.backfill) {
    steps.push({ kind: 'checksum', version: file.version, checksum: file.checksum });
  }
  for (const file of plan.pending) {
    steps.push({ kind: 'apply', migration: file }, { kind: 'record', row: recordOf(file, now) });
  }
  return steps;
}

function recordOf(file: Migration, appliedAt: number): AppliedMigration {
  return { version: file.version, name: file.name, checksum: file.checksum, appliedAt };
}

/** The numbers of the migrations the steps apply. */
export function appliedBy(steps: MigrationStep[]): number[] {
  return steps.flatMap((s) => (s.kind === 'apply' ? [s.migration.version] : []));
}
