import type {
  Entry,
  JourneyDefinition,
  JourneyRecord,
  JourneyStorage,
  JourneyWritesInUnit,
  NewEntry,
  PathStep,
  RunningJourney,
  StoredStep,
} from '../../journeys/index.ts';
import { armJob, moveJob, timerKeys } from '../../journeys/index.ts';
import { entryValues, OPEN_ENTRY, publishedMeanwhile, toEntry, toJourney, toStep } from '../journey-rows.ts';
import { bumpGeneration } from './engine-admin.ts';
import { enqueueSync } from './jobs.ts';
import type { SqliteStore } from './sqlite-store.ts';

const ids = (xs: readonly number[]) => JSON.stringify(xs);
const IN = (column: string, param: string) => `${column} IN (SELECT value FROM json_each(${param}))`;

/** The journeys' facet of a SQLite write unit: statements on the unit's own connection, in its transaction. */
export function sqliteJourneyWrites(s: SqliteStore): JourneyWritesInUnit {
  return {
    async running(workspaceId): Promise<RunningJourney[]> {
      return s
        .statement(
          `SELECT j.id, j.status, v.version, v.definition FROM journeys j
           JOIN journey_versions v ON v.journey_id = j.id AND v.version = j.live_version
           WHERE j.workspace_id = ? AND j.status IN ('live', 'paused') ORDER BY j.id`,
        )
        .all(workspaceId)
        .map((r) => ({
          id: Number(r.id),
          version: Number(r.version),
          status: r.status as 'live' | 'paused',
          definition: JSON.parse(String(r.definition)) as JourneyDefinition,
        }));
    },
    async openEntries(workspaceId, customerIds) {
      if (customerIds.length === 0) return [];
      return s
        .statement(
          `SELECT * FROM journey_entries WHERE ${IN('customer_id', '?')} AND ${OPEN_ENTRY} AND workspace_id = ? ORDER BY id`,
        )
        .all(ids(customerIds), workspaceId)
        .map(toEntry);
    },
    async latestEntries(workspaceId, journeyIds, customerIds) {
      const out = new Map<string, Entry>();
      if (journeyIds.length === 0 || customerIds.length === 0) return out;
      const rows = s
        .statement(
          `SELECT * FROM journey_entries WHERE id IN (
             SELECT max(id) FROM journey_entries
             WHERE workspace_id = ? AND ${IN('customer_id', '?')} AND ${IN('journey_id', '?')}
             GROUP BY customer_id, journey_id)`,
        )
        .all(workspaceId, ids(customerIds), ids(journeyIds));
      for (const e of rows.map(toEntry)) out.set(`${e.journeyId}:${e.customerId}`, e);
      return out;
    },
    async insertEntries(entries: readonly NewEntry[]) {
      const insert = s.statement(
        `INSERT INTO journey_entries (workspace_id, journey_id, version, customer_id, status, node, entered_at,
           node_since, goal_until, cause, event)
         VALUES (?, ?, ?, ?, 'active', NULL, ?, ?, ?, ?, ?)
         ON CONFLICT (journey_id, customer_id, cause) DO NOTHING RETURNING *`,
      );
      const out: Entry[] = [];
      for (const e of entries) {
        const row = insert.get(
          e.workspaceId,
          e.journeyId,
          e.version,
          e.customerId,
          e.enteredAt,
          e.enteredAt,
          e.goalUntil,
          e.cause,
          e.event === null ? null : JSON.stringify(e.event),
        );
        if (row) out.push(toEntry(row));
      }
      return out;
    },
    async saveEntries(entries) {
      const update = s.statement(
        `UPDATE journey_entries SET status = ?, node = ?, end_reason = ?, variant = ?, node_since = ?, wake_at = ?,
           converted_at = ?, goal_until = ?, ended_at = ?, version = ? WHERE id = ?`,
      );
      for (const e of entries) update.run(...entryValues(e), e.id);
    },
    async appendSteps(steps: readonly StoredStep[]) {
      const insert = s.statement(
        'INSERT INTO journey_steps (entry_id, at, node, outcome, detail, facts) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const p of steps)
        insert.run(p.entryId, p.at, p.node, p.outcome, p.detail, p.facts ? JSON.stringify(p.facts) : null);
    },
    async definitionOf(journeyId, version) {
      const row = s
        .statement('SELECT definition FROM journey_versions WHERE journey_id = ? AND version = ?')
        .get(journeyId, version);
      return JSON.parse(String(row!.definition)) as JourneyDefinition;
    },
    async entriesById(workspaceId, entryIds) {
      if (entryIds.length === 0) return [];
      return s
        .statement(`SELECT * FROM journey_entries WHERE ${IN('id', '?')} AND workspace_id = ? ORDER BY id`)
        .all(ids(entryIds), workspaceId)
        .map(toEntry);
    },
    async customersWithTrait(workspaceId, trait, afterId, limit) {
      const path = traitPath(trait);
      return s
        .statement(
          `SELECT id, json_extract(traits, ?) AS value, json_extract(traits, '$.timezone') AS zone,
             json_type(traits, ?) AS type FROM customers
           WHERE workspace_id = ? AND id > ? AND json_type(traits, ?) IS NOT NULL AND json_type(traits, ?) <> 'null'
           ORDER BY id LIMIT ?`,
        )
        .all(path, path, workspaceId, afterId, path, path, limit)
        .map((r) => ({
          customerId: Number(r.id),
          value:
            r.type === 'text'
              ? String(r.value)
              : r.type === 'integer' || r.type === 'real'
                ? Number(r.value)
                : null,
          timeZone: typeof r.zone === 'string' ? r.zone : null,
        }));
    },
    async entriesAtNode(workspaceId, journeyId, version, node, afterId, limit) {
      return s
        .statement(
          `SELECT * FROM journey_entries WHERE journey_id = ? AND version = ? AND node = ? AND status <> 'ended'
             AND id > ? AND workspace_id = ? ORDER BY id LIMIT ?`,
        )
        .all(journeyId, version, node, afterId, workspaceId, limit)
        .map(toEntry);
    },
    async segmentMembers(workspaceId, segment, afterId, limit) {
      return s
        .statement(
          `SELECT m.customer_id FROM segment_members m JOIN segments g ON g.id = m.segment_id
           WHERE g.workspace_id = ? AND g.key = ? AND m.customer_id > ? ORDER BY m.customer_id LIMIT ?`,
        )
        .all(workspaceId, segment, afterId, limit)
        .map((r) => Number(r.customer_id));
    },
  };
}

/** A JSON path naming one top-level trait, whatever characters its name has. */
const traitPath = (trait: string) => `$."${trait.replaceAll('"', '""')}"`;

/** Journeys on SQLite for the admin API: each write in turn with the store's others, in one transaction. */
export class SqliteJourneys implements JourneyStorage {
  readonly #s: SqliteStore;

  constructor(store: SqliteStore) {
    this.#s = store;
  }

  create(workspaceId: number, draft: JourneyDefinition, now: number): Promise<JourneyRecord | null> {
    return this.#s.writeNow(() => {
      const row = this.#s
        .statement(
          `INSERT INTO journeys (workspace_id, key, name, status, draft, created_at, updated_at)
           VALUES (?, ?, ?, 'draft', ?, ?, ?) ON CONFLICT (workspace_id, key) DO NOTHING RETURNING *`,
        )
        .get(workspaceId, draft.key, draft.name, JSON.stringify(draft), now, now);
      return row ? toJourney(row) : null;
    });
  }

  saveDraft(
    workspaceId: number,
    id: number,
    draft: JourneyDefinition,
    now: number,
  ): Promise<JourneyRecord | null> {
    return this.#s.writeNow(() => {
      const row = this.#s
        .statement(
          'UPDATE journeys SET draft = ?, name = ?, updated_at = ? WHERE id = ? AND workspace_id = ? RETURNING *',
        )
        .get(JSON.stringify(draft), draft.name, now, id, workspaceId);
      return row ? toJourney(row) : null;
    });
  }

  async get(workspaceId: number, id: number): Promise<JourneyRecord | null> {
    const row = this.#s
      .statement('SELECT * FROM journeys WHERE id = ? AND workspace_id = ?')
      .get(id, workspaceId);
    return row ? toJourney(row) : null;
  }

  async list(workspaceId: number): Promise<JourneyRecord[]> {
    return this.#s
      .statement('SELECT * FROM journeys WHERE workspace_id = ? ORDER BY id')
      .all(workspaceId)
      .map(toJourney);
  }

  publish: JourneyStorage['publish'] = (workspaceId, id, rules, now, moves) =>
    this.#s.writeNow(() => {
      const j = this.#s
        .statement('SELECT draft, live_version, status FROM journeys WHERE id = ? AND workspace_id = ?')
        .get(id, workspaceId);
      if (!j || j.status === 'archived') return null;
      if (moves && Number(j.live_version) !== moves.from) throw publishedMeanwhile(moves.from);
      const version = Number(
        this.#s
          .statement('SELECT coalesce(max(version), 0) + 1 AS v FROM journey_versions WHERE journey_id = ?')
          .get(id)!.v,
      );
      this.#s
        .statement(
          'INSERT INTO journey_versions (journey_id, version, definition, published_at) VALUES (?, ?, ?, ?)',
        )
        .run(id, version, String(j.draft), now);
      const status = j.status === 'paused' ? 'paused' : 'live';
      this.#s
        .statement('UPDATE journeys SET live_version = ?, status = ?, updated_at = ? WHERE id = ?')
        .run(version, status, now, id);
      this.#watch(workspaceId, id, rules);
      const arm = armJob(workspaceId, id, JSON.parse(String(j.draft)) as JourneyDefinition, now);
      if (arm) enqueueSync(this.#s, [arm], { now, onConflict: 'replace' });
      if (moves)
        enqueueSync(this.#s, [moveJob(workspaceId, id, moves.from, version, moves.nodes, now)], {
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
    return this.#s.writeNow(() => {
      const row = this.#s
        .statement(
          `UPDATE journeys SET status = ?, updated_at = ? WHERE id = ? AND workspace_id = ? AND live_version IS NOT NULL
           AND status <> 'archived' RETURNING *`,
        )
        .get(status, now, id, workspaceId);
      if (!row) return null;
      if (status === 'archived') {
        this.#s
          .statement(
            `UPDATE journey_entries SET status = 'ended', end_reason = 'archived', node = NULL, wake_at = NULL,
               ended_at = ?, goal_until = NULL WHERE journey_id = ? AND ${OPEN_ENTRY}`,
          )
          .run(now, id);
        // Its timers (wakes, dates, arm, broadcast): ranges of the jobs' key index.
        const drop = this.#s.statement(
          'DELETE FROM jobs WHERE workspace_id = ? AND failed_at IS NULL AND key >= ? AND key < ?',
        );
        const timers = timerKeys(id);
        for (const [from, to] of timers.ranges) drop.run(workspaceId, from, to);
        const dropKey = this.#s.statement(
          'DELETE FROM jobs WHERE workspace_id = ? AND failed_at IS NULL AND key = ?',
        );
        for (const key of timers.keys) dropKey.run(workspaceId, key);
        this.#s
          .statement('DELETE FROM engine_watchers WHERE workspace_id = ? AND owner = ?')
          .run(workspaceId, `journey:${id}`);
        bumpGeneration(this.#s, workspaceId);
      }
      return toJourney(row);
    });
  }

  async versions(workspaceId: number, id: number) {
    return this.#s
      .statement(
        `SELECT v.version, v.published_at, v.definition FROM journey_versions v JOIN journeys j ON j.id = v.journey_id
         WHERE v.journey_id = ? AND j.workspace_id = ? ORDER BY v.version DESC`,
      )
      .all(id, workspaceId)
      .map((r) => ({
        version: Number(r.version),
        publishedAt: Number(r.published_at),
        definition: JSON.parse(String(r.definition)),
      }));
  }

  async customerEntries(workspaceId: number, customerId: number): Promise<(Entry & { steps: PathStep[] })[]> {
    const entries = this.#s
      .statement(
        'SELECT * FROM journey_entries WHERE workspace_id = ? AND customer_id = ? ORDER BY id DESC LIMIT 100',
      )
      .all(workspaceId, customerId)
      .map(toEntry);
    const steps = this.#s.statement('SELECT * FROM journey_steps WHERE entry_id = ? ORDER BY id');
    return entries.map((e) => ({ ...e, steps: steps.all(e.id).map(toStep) }));
  }

  async nodeCounts(workspaceId: number, id: number) {
    return this.#s
      .statement(
        `SELECT version, node, status, end_reason, variant, count(*) AS entries, count(converted_at) AS converted
         FROM journey_entries WHERE journey_id = ? AND workspace_id = ?
         GROUP BY version, node, status, end_reason, variant ORDER BY version, node, status`,
      )
      .all(id, workspaceId)
      .map((r) => ({
        version: Number(r.version),
        node: r.node === null ? null : String(r.node),
        status: String(r.status),
        endReason: r.end_reason === null ? null : String(r.end_reason),
        variant: r.variant === null ? null : String(r.variant),
        entries: Number(r.entries),
        converted: Number(r.converted),
      }));
  }

  #watch(workspaceId: number, id: number, rules: readonly unknown[]): void {
    this.#s
      .statement(
        `INSERT INTO engine_watchers (workspace_id, owner, rules) VALUES (?, ?, ?)
         ON CONFLICT (workspace_id, owner) DO UPDATE SET rules = excluded.rules`,
      )
      .run(workspaceId, `journey:${id}`, JSON.stringify(rules));
    bumpGeneration(this.#s, workspaceId);
  }
}
