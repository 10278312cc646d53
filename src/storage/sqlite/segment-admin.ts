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
import { bumpGeneration, restartRecompute } from './engine-admin.ts';
import { sqliteFinders } from './identifier-finders.ts';
import { changeMembers, setSegmentKey } from './segment-membership.ts';
import type { SqliteStore } from './sqlite-store.ts';

/** Segments on SQLite. Writes run in turn with the store's other writes, each in one transaction. */
export class SqliteSegmentAdmin implements SegmentStorage {
  readonly #s: SqliteStore;

  constructor(store: SqliteStore) {
    this.#s = store;
  }

  create(
    workspaceId: number,
    segment: NewSegment,
    now: number,
    members: number[] = [],
  ): Promise<Segment | null> {
    return this.#s.writeNow(() => {
      const row = this.#s
        .statement(
          `INSERT INTO segments (workspace_id, key, name, description, kind, rule, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, key) DO NOTHING RETURNING *`,
        )
        .get(
          workspaceId,
          segment.key,
          segment.name,
          segment.description,
          segment.kind,
          segment.rule ? JSON.stringify(segment.rule) : null,
          now,
          now,
        );
      if (!row) return null;
      // A rule segment fills for the customers there already are; an empty list only needs the
      // engines to learn its key, so that they keep it on the customers it is given to.
      if (segment.kind === 'rule') restartRecompute(this.#s, workspaceId, now);
      else bumpGeneration(this.#s, workspaceId);
      const created = toSegment(row);
      if (members.length > 0) changeMembers(this.#s, workspaceId, created.id, members, true, now);
      return created;
    });
  }

  async get(workspaceId: number, key: string): Promise<Segment | null> {
    const row = this.#s
      .statement('SELECT * FROM segments WHERE workspace_id = ? AND key = ?')
      .get(workspaceId, key);
    return row ? toSegment(row) : null;
  }

  async list(workspaceId: number): Promise<SegmentWithSize[]> {
    return this.#s
      .statement(
        `SELECT s.*, (SELECT count(*) FROM segment_members m WHERE m.segment_id = s.id) AS size
         FROM segments s WHERE s.workspace_id = ? ORDER BY s.id`,
      )
      .all(workspaceId)
      .map((r) => ({ ...toSegment(r), size: Number(r.size) }));
  }

  update(workspaceId: number, key: string, patch: SegmentPatch, now: number): Promise<Segment | null> {
    return this.#s.writeNow(() => {
      const current = this.#s
        .statement('SELECT * FROM segments WHERE workspace_id = ? AND key = ?')
        .get(workspaceId, key);
      if (!current) return null;
      const before = toSegment(current);
      const rule = patch.rule ?? before.rule;
      const row = this.#s
        .statement(
          'UPDATE segments SET name = ?, description = ?, rule = ?, updated_at = ? WHERE id = ? RETURNING *',
        )
        .get(
          patch.name ?? before.name,
          patch.description === undefined ? before.description : patch.description,
          rule ? JSON.stringify(rule) : null,
          now,
          before.id,
        );
      if (patch.rule !== undefined) restartRecompute(this.#s, workspaceId, now);
      return toSegment(row!);
    });
  }

  delete(workspaceId: number, key: string, now: number): Promise<boolean> {
    return this.#s.writeNow(() => {
      const s = this.#s;
      const row = s
        .statement('SELECT id FROM segments WHERE workspace_id = ? AND key = ?')
        .get(workspaceId, key);
      if (!row) return false;
      const id = Number(row.id);
      const members = s
        .statement('SELECT customer_id FROM segment_members WHERE segment_id = ?')
        .all(id)
        .map((r) => Number(r.customer_id));
      for (const customerId of members) setSegmentKey(s, workspaceId, customerId, key, false, now);
      s.statement('DELETE FROM segment_members WHERE segment_id = ?').run(id);
      s.statement('DELETE FROM segment_daily WHERE segment_id = ?').run(id);
      s.statement('DELETE FROM segments WHERE id = ?').run(id);
      restartRecompute(s, workspaceId, now);
      return true;
    });
  }

  async size(workspaceId: number, segmentId: number): Promise<number> {
    const row = this.#s
      .statement('SELECT count(*) AS n FROM segment_members WHERE segment_id = ? AND workspace_id = ?')
      .get(segmentId, workspaceId);
    return Number(row!.n);
  }

  async growth(workspaceId: number, segmentId: number, fromDay: number, toDay: number): Promise<GrowthDay[]> {
    // segment_daily has no workspace column: the join on segments keeps the query in the workspace.
    const from = `FROM segment_daily d JOIN segments s ON s.id = d.segment_id
      WHERE s.workspace_id = ? AND d.segment_id = ?`;
    const before = this.#s
      .statement(`SELECT coalesce(sum(d.entered - d.exited), 0) AS n ${from} AND d.day < ?`)
      .get(workspaceId, segmentId, fromDay);
    const rows = this.#s
      .statement(`SELECT d.day, d.entered, d.exited ${from} AND d.day BETWEEN ? AND ? ORDER BY d.day`)
      .all(workspaceId, segmentId, fromDay, toDay)
      .map((r) => ({ day: Number(r.day), entered: Number(r.entered), exited: Number(r.exited) }));
    return fillGrowth(Number(before!.n), rows, fromDay, toDay);
  }

  async members(
    workspaceId: number,
    segmentId: number,
    page: { cursor?: string; limit: number },
  ): Promise<Page<SegmentMember>> {
    const after = page.cursor ? Number(decodeCursor(page.cursor, ['number'])[0]) : 0;
    const rows = this.#s
      .statement(
        `SELECT m.customer_id, m.since, c.user_id, c.email FROM segment_members m
         JOIN customers c ON c.id = m.customer_id AND c.workspace_id = m.workspace_id
         WHERE m.segment_id = ? AND m.workspace_id = ? AND m.customer_id > ? ORDER BY m.customer_id LIMIT ?`,
      )
      .all(segmentId, workspaceId, after, page.limit + 1);
    const items = rows.slice(0, page.limit).map(toMember);
    return { items, next: rows.length > page.limit ? encodeCursor([items.at(-1)!.customerId]) : null };
  }

  addMembers(workspaceId: number, segmentId: number, customerIds: number[], now: number): Promise<number[]> {
    return this.#s.writeNow(() => changeMembers(this.#s, workspaceId, segmentId, customerIds, true, now));
  }

  removeMembers(
    workspaceId: number,
    segmentId: number,
    customerIds: number[],
    now: number,
  ): Promise<number[]> {
    return this.#s.writeNow(() => changeMembers(this.#s, workspaceId, segmentId, customerIds, false, now));
  }

  async resolve(workspaceId: number, identifiers: Identifiers): Promise<Resolution> {
    return resolveIdentifiers(identifiers, sqliteFinders(this.#s, workspaceId));
  }
}
