import type pg from 'pg';
import type { Json } from '../../core/index.ts';
import type {
  Entry,
  JourneyDefinition,
  JourneyRecord,
  JourneyStorage,
  JourneyWritesInUnit,
  PathStep,
  RunningJourney,
} from '../../journeys/index.ts';
import { armJob, moveJob, timerKeys } from '../../journeys/index.ts';
import { entryValues, OPEN_ENTRY, publishedMeanwhile, toEntry, toJourney, toStep } from '../journey-rows.ts';
import { lockEngineConfig } from './engine-admin.ts';
import { enqueueWith } from './jobs.ts';
import { inTransaction } from './pool.ts';
import { bumpGeneration } from './segment-membership.ts';

/** The journeys' facet of a PostgreSQL write unit: statements on the unit's client, in its transaction. */
export function postgresJourneyWrites(c: pg.ClientBase): JourneyWritesInUnit {
  return {
    async running(workspaceId): Promise<RunningJourney[]> {
      const { rows } = await c.query(
        `SELECT j.id, j.status, v.version, v.definition FROM journeys j
         JOIN journey_versions v ON v.journey_id = j.id AND v.version = j.live_version
         WHERE j.workspace_id = $1 AND j.status IN ('live', 'paused') ORDER BY j.id`,
        [workspaceId],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        version: Number(r.version),
        status: r.status,
        definition: r.definition as JourneyDefinition,
      }));
    },
    async openEntries(workspaceId, customerIds) {
      if (customerIds.length === 0) return [];
      const { rows } = await c.query(
        `SELECT * FROM journey_entries WHERE customer_id = ANY($1::bigint[]) AND ${OPEN_ENTRY} AND workspace_id = $2
         ORDER BY id`,
        [customerIds, workspaceId],
      );
      return rows.map(toEntry);
    },
    async latestEntries(workspaceId, journeyIds, customerIds) {
      const out = new Map<string, Entry>();
      if (journeyIds.length === 0 || customerIds.length === 0) return out;
      const { rows } = await c.query(
        `SELECT DISTINCT ON (customer_id, journey_id) * FROM journey_entries
         WHERE workspace_id = $1 AND customer_id = ANY($2::bigint[]) AND journey_id = ANY($3::bigint[])
         ORDER BY customer_id, journey_id, id DESC`,
        [workspaceId, customerIds, journeyIds],
      );
      for (const e of rows.map(toEntry)) out.set(`${e.journeyId}:${e.customerId}`, e);
      return out;
    },
    async insertEntries(entries) {
      if (entries.length === 0) return [];
      const col = <K extends keyof (typeof entries)[number]>(k: K) => entries.map((e) => e[k]);
      const { rows } = await c.query(
        `INSERT INTO journey_entries (workspace_id, journey_id, version, customer_id, status, entered_at, node_since,
           goal_until, cause, event)
         SELECT w, j, v, cu, 'active', t, t, g, ca, ev
         FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::jsonb[])
           AS x(w, j, v, cu, t, g, ca, ev)
         ON CONFLICT (journey_id, customer_id, cause) DO NOTHING RETURNING *`,
        [
          col('workspaceId'),
          col('journeyId'),
          col('version'),
          col('customerId'),
          col('enteredAt'),
          col('goalUntil'),
          col('cause'),
          entries.map((e) => (e.event === null ? null : JSON.stringify(e.event))),
        ],
      );
      return rows.map(toEntry);
    },
    async saveEntries(entries) {
      if (entries.length === 0) return;
      const cols = entries.map(entryValues);
      const at = (i: number) => cols.map((v) => v[i]);
      await c.query(
        `UPDATE journey_entries e SET status = x.status, node = x.node, end_reason = x.end_reason, variant = x.variant,
           node_since = x.node_since, wake_at = x.wake_at, converted_at = x.converted_at, goal_until = x.goal_until,
           ended_at = x.ended_at, version = x.version
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[],
           $8::bigint[], $9::bigint[], $10::bigint[], $11::integer[])
           AS x(id, status, node, end_reason, variant, node_since, wake_at, converted_at, goal_until, ended_at,
             version)
         WHERE e.id = x.id`,
        [entries.map((e) => e.id), ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(at)],
      );
    },
    async appendSteps(steps) {
      if (steps.length === 0) return;
      await c.query(
        `INSERT INTO journey_steps (entry_id, at, node, outcome, detail, facts)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
        [
          steps.map((s) => s.entryId),
          steps.map((s) => s.at),
          steps.map((s) => s.node),
          steps.map((s) => s.outcome),
          steps.map((s) => s.detail),
          steps.map((s) => (s.facts ? JSON.stringify(s.facts) : null)),
        ],
      );
    },
    async definitionOf(journeyId, version) {
      const { rows } = await c.query(
        'SELECT definition FROM journey_versions WHERE journey_id = $1 AND version = $2',
        [journeyId, version],
      );
      return rows[0].definition as JourneyDefinition;
    },
    async entriesById(workspaceId, ids) {
      if (ids.length === 0) return [];
      const { rows } = await c.query(
        'SELECT * FROM journey_entries WHERE id = ANY($1::bigint[]) AND workspace_id = $2 ORDER BY id',
        [ids, workspaceId],
      );
      return rows.map(toEntry);
    },
    async customersWithTrait(workspaceId, trait, afterId, limit) {
      const { rows } = await c.query(
        `SELECT id, traits -> $1 AS value, traits -> 'timezone' AS zone FROM customers
         WHERE workspace_id = $2 AND id > $3 AND jsonb_typeof(traits -> $1) IS DISTINCT FROM 'null'
           AND traits ? $1 ORDER BY id LIMIT $4`,
        [trait, workspaceId, afterId, limit],
      );
      return rows.map((r) => ({
        customerId: Number(r.id),
        value: r.value as Json,
        timeZone: typeof r.zone === 'string' ? r.zone : null,
      }));
    },
    async entriesAtNode(workspaceId, journeyId, version, node, afterId, limit) {
      const { rows } = await c.query(
        `SELECT * FROM journey_entries WHERE journey_id = $1 AND version = $2 AND node = $3 AND status <> 'ended'
           AND id > $4 AND workspace_id = $5 ORDER BY id LIMIT $6`,
        [journeyId, version, node, afterId, workspaceId, limit],
      );
      return rows.map(toEntry);
    },
    async segmentMembers(workspaceId, segment, afterId, limit) {
      const { rows } = await c.query(
        `SELECT m.customer_id FROM segment_members m JOIN segments g ON g.id = m.segment_id
         WHERE g.workspace_id = $1 AND g.key = $2 AND m.customer_id > $3 ORDER BY m.customer_id LIMIT $4`,
        [workspaceId, segment, afterId, limit],
      );
      return rows.map((r) => Number(r.customer_id));
    },
  };
}

/** Journeys on PostgreSQL for the admin API. */
export class PostgresJourneys implements JourneyStorage {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async create(workspaceId: number, draft: JourneyDefinition, now: number): Promise<JourneyRecord | null> {
    const { rows } = await this.#pool.query(
      `INSERT INTO journeys (workspace_id, key, name, status, draft, created_at, updated_at)
       VALUES ($1, $2, $3, 'draft', $4, $5, $5) ON CONFLICT (workspace_id, key) DO NOTHING RETURNING *`,
      [workspaceId, draft.key, draft.name, JSON.stringify(draft), now],
    );
    return rows[0] ? toJourney(rows[0]) : null;
  }

  async saveDraft(
    workspaceId: number,
    id: number,
    draft: JourneyDefinition,
    now: number,
  ): Promise<JourneyRecord | null> {
    const { rows } = await this.#pool.query(
      'UPDATE journeys SET draft = $1, name = $2, updated_at = $3 WHERE id = $4 AND workspace_id = $5 RETURNING *',
      [JSON.stringify(draft), draft.name, now, id, workspaceId],
    );
    return rows[0] ? toJourney(rows[0]) : null;
  }

  async get(workspaceId: number, id: number): Promise<JourneyRecord | null> {
    const { rows } = await this.#pool.query('SELECT * FROM journeys WHERE id = $1 AND workspace_id = $2', [
      id,
      workspaceId,
    ]);
    return rows[0] ? toJourney(rows[0]) : null;
  }

  async list(workspaceId: number): Promise<JourneyRecord[]> {
    const { rows } = await this.#pool.query('SELECT * FROM journeys WHERE workspace_id = $1 ORDER BY id', [
      workspaceId,
    ]);
    return rows.map(toJourney);
  }

  /** A change to what engines watch: under the engines' configuration lock, as model and segment changes are. */
  publish: JourneyStorage['publish'] = (workspaceId, id, rules, now, moves) =>
    inTransaction(this.#pool, async (c) => {
      await lockEngineConfig(c);
      const { rows } = await c.query(
        'SELECT draft, status, live_version FROM journeys WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
        [id, workspaceId],
      );
      const j = rows[0];
      if (!j || j.status === 'archived') return null;
      if (moves && Number(j.live_version) !== moves.from) throw publishedMeanwhile(moves.from);
      const next = await c.query(
        'SELECT coalesce(max(version), 0) + 1 AS v FROM journey_versions WHERE journey_id = $1',
        [id],
      );
      const version = Number(next.rows[0].v);
      await c.query(
        'INSERT INTO journey_versions (journey_id, version, definition, published_at) VALUES ($1, $2, $3, $4)',
        [id, version, j.draft, now],
      );
      await c.query('UPDATE journeys SET live_version = $1, status = $2, updated_at = $3 WHERE id = $4', [
        version,
        j.status === 'paused' ? 'paused' : 'live',
        now,
        id,
      ]);
      await c.query(
        `INSERT INTO engine_watchers (workspace_id, owner, rules) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id, owner) DO UPDATE SET rules = excluded.rules`,
        [workspaceId, `journey:${id}`, JSON.stringify(rules)],
      );
      await bumpGeneration(c, workspaceId);
      const arm = armJob(workspaceId, id, j.draft as JourneyDefinition, now);
      if (arm) await enqueueWith(c, [arm], { now, onConflict: 'replace' });
      if (moves)
        await enqueueWith(c, [moveJob(workspaceId, id, moves.from, version, moves.nodes, now)], {
          now,
          onConflict: 'keep',
        });
      return version;
    });

  setStatus(
    workspaceId: number,
    id: number,
    status: 'live' | 'paused' | 'archived',
    now: number,
  ): Promise<JourneyRecord | null> {
    return inTransaction(this.#pool, async (c) => {
      if (status === 'archived') await lockEngineConfig(c);
      const { rows } = await c.query(
        `UPDATE journeys SET status = $1, updated_at = $2 WHERE id = $3 AND workspace_id = $4
           AND live_version IS NOT NULL AND status <> 'archived' RETURNING *`,
        [status, now, id, workspaceId],
      );
      if (!rows[0]) return null;
      if (status === 'archived') {
        await c.query(
          `UPDATE journey_entries SET status = 'ended', end_reason = 'archived', node = NULL, wake_at = NULL,
             ended_at = $1, goal_until = NULL WHERE journey_id = $2 AND ${OPEN_ENTRY}`,
          [now, id],
        );
        // Its timers (wakes, dates, arm, broadcast): ranges of the jobs' key index.
        const timers = timerKeys(id);
        for (const [from, to] of timers.ranges)
          await c.query(
            'DELETE FROM jobs WHERE workspace_id = $1 AND failed_at IS NULL AND key >= $2 AND key < $3',
            [workspaceId, from, to],
          );
        await c.query('DELETE FROM jobs WHERE workspace_id = $1 AND failed_at IS NULL AND key = ANY($2)', [
          workspaceId,
          timers.keys,
        ]);
        await c.query('DELETE FROM engine_watchers WHERE workspace_id = $1 AND owner = $2', [
          workspaceId,
          `journey:${id}`,
        ]);
        await bumpGeneration(c, workspaceId);
      }
      return toJourney(rows[0]);
    });
  }

  async versions(workspaceId: number, id: number) {
    const { rows } = await this.#pool.query(
      `SELECT v.version, v.published_at, v.definition FROM journey_versions v JOIN journeys j ON j.id = v.journey_id
       WHERE v.journey_id = $1 AND j.workspace_id = $2 ORDER BY v.version DESC`,
      [id, workspaceId],
    );
    return rows.map((r) => ({
      version: Number(r.version),
      publishedAt: Number(r.published_at),
      definition: r.definition,
    }));
  }

  async customerEntries(workspaceId: number, customerId: number): Promise<(Entry & { steps: PathStep[] })[]> {
    const { rows } = await this.#pool.query(
      'SELECT * FROM journey_entries WHERE workspace_id = $1 AND customer_id = $2 ORDER BY id DESC LIMIT 100',
      [workspaceId, customerId],
    );
    const entries = rows.map(toEntry);
    const steps = await this.#pool.query(
      'SELECT * FROM journey_steps WHERE entry_id = ANY($1::bigint[]) ORDER BY id',
      [entries.map((e) => e.id)],
    );
    const byEntry = new Map<number, PathStep[]>(entries.map((e) => [e.id, []]));
    for (const r of steps.rows) byEntry.get(Number(r.entry_id))!.push(toStep(r));
    return entries.map((e) => ({ ...e, steps: byEntry.get(e.id)! }));
  }

  async nodeCounts(workspaceId: number, id: number) {
    const { rows } = await this.#pool.query(
      `SELECT version, node, status, end_reason, variant, count(*) AS entries, count(converted_at) AS converted
       FROM journey_entries WHERE journey_id = $1 AND workspace_id = $2
       GROUP BY version, node, status, end_reason, variant ORDER BY version, node, status`,
      [id, workspaceId],
    );
    return rows.map((r) => ({
      version: Number(r.version),
      node: r.node,
      status: String(r.status),
      endReason: r.end_reason,
      variant: r.variant,
      entries: Number(r.entries),
      converted: Number(r.converted),
    }));
  }
}
