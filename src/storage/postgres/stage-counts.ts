import type pg from 'pg';

/**
 * Folds the stage-count deltas the customer_state triggers append (migration 007) into one row per
 * workspace and stage. Safe beside writers and other folds: a delta committed after this statement
 * began is not in its snapshot, so it is neither deleted nor counted, and a fold that waited for another
 * deletes only the rows it still finds.
 */
export async function foldStageCounts(pool: pg.Pool): Promise<void> {
  await pool.query(
    `WITH gone AS (DELETE FROM stage_counts RETURNING workspace_id, stage, customers)
     INSERT INTO stage_counts (workspace_id, stage, customers)
     SELECT workspace_id, stage, sum(customers) FROM gone GROUP BY 1, 2 HAVING sum(customers) <> 0`,
  );
}
