import type pg from 'pg';
import type { Page } from '../../core/index.ts';
import { decodeCursor, encodeCursor } from '../../core/index.ts';
import type {
  GrowthDay,
  Identifiers,
  NewSegment,
  Resolution,
  Segment,
  SegmentMember,
  SegmentPatch,
  SegmentStorage,
  SegmentWithSize,
} from '../../segments/index.ts';
import { resolveIdentifiers } from '../resolve-identifiers.ts';
import { fillGrowth, toMember, toSegment } from '../segment-rows.ts';
import { lockEngineConfig } from './engine-admin.ts';
import { inTransaction } from './pool.ts';
import {
  bumpGeneration,
  changeMembers,
  lockCustomers,
  restartRecompute,
  setSegmentKey,
} from './segment-membership.ts';

/**
 * Segments on PostgreSQL. Each write that changes what engines compile is one transaction that first
 * takes the engines' configuration lock (see `lockEngineConfig`), so no engine pass straddles it.
 */
export class PostgresSegmentAdmin implements SegmentStorage {
  // The store, not its pool: the store builds its pool in its constructor, after its fields.
  readonly #store: { readonly pool: pg.Pool };

  constructor(store: { readonly pool: pg.Pool }) {
    this.#store = store;
  }

  get #pool(): pg.Pool {
    return this.#store.pool;
  }

  create(
    workspaceId: number,
    segment: NewSegment,
    now: number,
    members: number[] = [],
  ): Promise<Segment | null> {
    return inTransaction(this.#pool, async (c) => {
      await lockEngineConfig(c);
      const { rows } = await c.query(
        `INSERT INTO segments (workspace_id, key, name, description, kind, rule, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $7) ON CONFLICT (workspace_id, key) DO NOTHING RETURNING *`,
        [
          workspaceId,
          segment.key,
          segment.name,
          segment.description,
          segment.kind,
          segment.rule ? JSON.stringify(segment.rule) : null,
          now,
        ],
      );
      if (rows.length === 0) return null;
      // A rule segment fills for the customers there already are; an empty list only needs the
      // engines to learn its key, so that they keep it on the customers it is given to.
      if (segment.kind === 'rule') await restartRecompute(c, workspaceId, now);
      else await bumpGeneration(c, workspaceId);
      const created = toSegment(rows[0]);
      if (members.length > 0) await changeMembers(c, workspaceId, created.id, members, true, now);
      return created;
    });
  }

  async get(workspaceId: number, key: string): Promise<Segment | null> {
    const { rows } = await this.#pool.query('SELECT * FROM segments WHERE workspace_id = $1 AND key = $2', [
      workspaceId,
      key,
    ]);
    return rows[0] ? toSegment(rows[0]) : null;
  }

  async list(workspaceId: number): Promise<SegmentWithSize[]> {
    const { rows } = await this.#pool.query(
      `SELECT s.*, (SELECT count(*) FROM segment_members m WHERE m.segment_id = s.id) AS size
       FROM segments s WHERE s.workspace_id = $1 ORDER BY s.id`,
      [workspaceId],
    );
    return rows.map((r) => ({ ...toSegment(r), size: Number(r.size) }));
  }

  update(workspaceId: number, key: string, patch: SegmentPatch, now: number): Promise<Segment | null> {
    return inTransaction(this.#pool, async (c) => {
      if (patch.rule !== undefined) await lockEngineConfig(c);
      const { rows } = await c.query(
        `UPDATE segments SET name = coalesce($3, name),
           description = CASE WHEN $4::boolean THEN $5 ELSE description END,
           rule = coalesce($6::jsonb, rule), updated_at = $7
         WHERE workspace_id = $1 AND key = $2 RETURNING *`,
        [
          workspaceId,
          key,
          patch.name ?? null,
          patch.description !== undefined,
          patch.description ?? null,
          patch.rule ? JSON.stringify(patch.rule) : null,
          now,
        ],
      );
      if (rows.length === 0) return null;
      if (patch.rule !== undefined) await restartRecompute(c, workspaceId, now);
      return toSegment(rows[0]);
    });
  }

  delete(workspaceId: number, key: string, now: number): Promise<boolean> {
    return inTransaction(this.#pool, async (c) => {
      await lockEngineConfig(c);
      const found = await c.query('SELECT id FROM segments WHERE workspace_id = $1 AND key = $2 FOR UPDATE', [
        workspaceId,
        key,
      ]);
      if (found.rows.length === 0) return false;
      const id = Number(found.rows[0].id);
      const members = await c.query(
        'DELETE FROM segment_members WHERE segment_id = $1 RETURNING customer_id',
        [id],
      );
      const ids = await lockCustomers(
        c,
        workspaceId,
        members.rows.map((r) => Number(r.customer_id)),
      );
      if (ids.length > 0) await setSegmentKey(c, workspaceId, ids, key, false, now);
      await c.query('DELETE FROM segment_daily WHERE segment_id = $1', [id]);
      await c.query('DELETE FROM segments WHERE id = $1', [id]);
      await restartRecompute(c, workspaceId, now);
      return true;
    });
  }

  async size(workspaceId: number, segmentId: number): Promise<number> {
    const { rows } = await this.#pool.query(
      'SELECT count(*) AS n FROM segment_members WHERE segment_id = $1 AND workspace_id = $2',
      [segmentId, workspaceId],
    );
    return Number(rows[0].n);
  }

  async growth(workspaceId: number, segmentId: number, fromDay: number, toDay: number): Promise<GrowthDay[]> {
    // segment_daily has no workspace column: the join on segments keeps the query in the workspace.
    const { rows } = await this.#pool.query(
      `SELECT d.day, d.entered, d.exited, d.day < $3 AS before FROM segment_daily d
       JOIN segments s ON s.id = d.segment_id
       WHERE s.workspace_id = $1 AND d.segment_id = $2 AND d.day <= $4 ORDER BY d.day`,
      [workspaceId, segmentId, fromDay, toDay],
    );
    let before = 0;
    const inRange: { day: number; entered: number; exited: number }[] = [];
    for (const r of rows) {
      const row = { day: Number(r.day), entered: Number(r.entered), exited: Number(r.exited) };
      if (r.before) before += row.entered - row.exited;
      else inRange.push(row);
    }
    return fillGrowth(before, inRange, fromDay, toDay);
  }

  async members(
    workspaceId: number,
    segmentId: number,
    page: { cursor?: string; limit: number },
  ): Promise<Page<SegmentMember>> {
    const after = page.cursor ? Number(decodeCursor(page.cursor, ['number'])[0]) : 0;
    const { rows } = await this.#pool.query(
      `SELECT m.customer_id, m.since, c.user_id, c.email FROM segment_members m
       JOIN customers c ON c.id = m.customer_id AND c.workspace_id = m.workspace_id
       WHERE m.segment_id = $1 AND m.workspace_id = $2 AND m.customer_id > $3 ORDER BY m.customer_id LIMIT $4`,
      [segmentId, workspaceId, after, page.limit + 1],
    );
    const items = rows.slice(0, page.limit).map(toMember);
    return { items, next: rows.length > page.limit ? encodeCursor([items.at(-1)!.customerId]) : null };
  }

  addMembers(workspaceId: number, segmentId: number, customerIds: number[], now: number): Promise<number[]> {
    return inTransaction(this.#pool, (c) => changeMembers(c, workspaceId, segmentId, customerIds, true, now));
  }

  removeMembers(
    workspaceId: number,
    segmentId: number,
    customerIds: number[],
    now: number,
  ): Promise<number[]> {
    return inTransaction(this.#pool, (c) =>
      changeMembers(c, workspaceId, segmentId, customerIds, false, now),
    );
  }

  resolve(workspaceId: number, identifiers: Identifiers): Promise<Resolution> {
    const pool = this.#pool;
    const group = <K>(rows: Record<string, unknown>[], key: (v: unknown) => K) => {
      const out = new Map<K, number[]>();
      for (const r of rows) {
        const k = key(r.value);
        out.set(k, [...(out.get(k) ?? []), Number(r.id)]);
      }
      return out;
    };
    return resolveIdentifiers(identifiers, {
      userIds: async (values) => {
        const { rows } = await pool.query(
          `SELECT value, customer_id AS id FROM identities
           WHERE workspace_id = $1 AND kind = 'user_id' AND value = ANY($2::text[])`,
          [workspaceId, values],
        );
        return group(rows, String);
      },
      // The profile's email, and with identifyByEmail every address that joined the profile.
      emails: async (values) => {
        const { rows } = await pool.query(
          `SELECT email AS value, id FROM customers WHERE workspace_id = $1 AND email = ANY($2::text[])
           UNION SELECT value, customer_id FROM identities
           WHERE workspace_id = $1 AND kind = 'email' AND value = ANY($2::text[])`,
          [workspaceId, values],
        );
        return group(rows, String);
      },
      // An id names its customer or, merged away, the profile that holds its data now.
      customerIds: async (values) => {
        const { rows } = await pool.query(
          `SELECT v AS value, coalesce(own.id, survivor.id) AS id FROM unnest($2::bigint[]) AS v
           LEFT JOIN customers own ON own.id = v AND own.workspace_id = $1
           LEFT JOIN LATERAL (SELECT c.id FROM merges m
             JOIN customers c ON c.id = m.survivor_id AND c.workspace_id = m.workspace_id
             WHERE m.workspace_id = $1 AND m.from_customer_id = v ORDER BY m.id DESC LIMIT 1) survivor ON true
           WHERE coalesce(own.id, survivor.id) IS NOT NULL`,
          [workspaceId, values],
        );
        return new Map(rows.map((r) => [Number(r.value), Number(r.id)]));
      },
    });
  }
}
