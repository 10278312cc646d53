import { decodeCursor, encodeCursor, type Page } from '../core/index.ts';
import type { JobWritesInUnit } from '../jobs/index.ts';
import {
  DEFAULT_MESSAGING_SETTINGS,
  MACHINE_DETAIL,
  MESSAGE_EVENT_KINDS,
  type MessagePatch,
  type MessageQuery,
  type MessageStats,
  type MessagingSettings,
  type MessagingStorage,
  type MessagingWritesInUnit,
  type OutboxMessage,
  SEND_KIND,
  sendJobKey,
} from '../messaging/index.ts';
import {
  MESSAGE_COLUMNS,
  messageValues,
  type Row,
  toEvent,
  toInbox,
  toMessage,
  toSuppression,
  toTopic,
} from './messaging-rows.ts';

/**
 * Messaging's SQL, one text for both dialects: written with `?` placeholders (PostgreSQL's executor
 * numbers them), booleans bound as 0/1 (PostgreSQL reads '1' as true) and JSON bound as text.
 */
export type SqlExec = {
  all(sql: string, params: readonly unknown[]): Promise<Row[]>;
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, params: readonly unknown[]): Promise<number>;
};

const first = async (p: Promise<Row[]>): Promise<Row | undefined> => (await p)[0];

const PATCH_COLUMNS: Record<keyof MessagePatch, string> = {
  status: 'status',
  skipReason: 'skip_reason',
  attempts: 'attempts',
  lastError: 'last_error',
  address: 'address',
  templateVersion: 'template_version',
  providerId: 'provider_id',
  messageId: 'message_id',
  sendAt: 'send_at',
  sentAt: 'sent_at',
};

/** The messaging facet of a write unit, on the unit's own connection and with its jobs facet. */
export function messagingWrites(x: SqlExec, jobs: () => JobWritesInUnit): MessagingWritesInUnit {
  const enqueueJobs = (rows: Row[], now: number) =>
    jobs().enqueue(
      rows.map((r) => ({
        workspaceId: Number(r.workspace_id),
        kind: SEND_KIND,
        key: sendJobKey(Number(r.id)),
        runAt: Math.max(Number(r.not_before), now),
        payload: { messageId: Number(r.id) },
      })),
      { now, onConflict: 'replace' },
    );
  return {
    async enqueue(messages, now) {
      const added: Row[] = [];
      for (const m of messages) {
        const row = await first(
          x.all(
            `INSERT INTO messages (${MESSAGE_COLUMNS}, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued')
             ON CONFLICT (workspace_id, idempotency_key) DO NOTHING RETURNING id, workspace_id, not_before`,
            messageValues(m, now),
          ),
        );
        if (row) added.push(row);
      }
      if (added.length > 0) await enqueueJobs(added, now);
      return added.length;
    },
    async update(workspaceId, id, patch, now) {
      const keys = Object.keys(patch) as (keyof MessagePatch)[];
      const set = keys.map((k) => `${PATCH_COLUMNS[k]} = ?`).join(', ');
      await x.run(
        `UPDATE messages SET ${set}${keys.length ? ',' : ''} updated_at = ? WHERE id = ? AND workspace_id = ?`,
        [...keys.map((k) => patch[k]), now, id, workspaceId],
      );
    },
    async addEvents(events) {
      for (const e of events) {
        await x.run(
          `INSERT INTO message_events (workspace_id, message_id, customer_id, kind, at, detail, journey_id,
             journey_version, node_id, variant)
           SELECT workspace_id, id, customer_id, ?, ?, ?, journey_id, journey_version, node_id, variant
           FROM messages WHERE id = ? AND workspace_id = ?`,
          [e.kind, e.at, e.detail, e.messageId, e.workspaceId],
        );
      }
    },
    async capture(i) {
      const row = await first(
        x.all(
          `INSERT INTO inbox (workspace_id, message_id, channel, address, subject, html, text, body, headers, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [
            i.workspaceId,
            i.messageId,
            i.channel,
            i.address,
            i.subject,
            i.html,
            i.text,
            i.body,
            JSON.stringify(i.headers),
            i.createdAt,
          ],
        ),
      );
      return Number(row!.id);
    },
    async suppress(workspaceId, s, now) {
      const changed = await x.run(
        `INSERT INTO suppressions (workspace_id, channel, address, reason, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (workspace_id, channel, address) DO NOTHING`,
        [workspaceId, s.channel, s.address, s.reason, s.detail, now],
      );
      return changed > 0;
    },
    async unsuppress(workspaceId, channel, address) {
      const changed = await x.run(
        'DELETE FROM suppressions WHERE workspace_id = ? AND channel = ? AND address = ?',
        [workspaceId, channel, address],
      );
      return changed > 0;
    },
    async subscribe(workspaceId, customerId, topic, subscribed, now) {
      await x.run(
        `INSERT INTO subscriptions (workspace_id, customer_id, topic, subscribed, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (workspace_id, customer_id, topic) DO UPDATE SET subscribed = excluded.subscribed,
           updated_at = excluded.updated_at`,
        [workspaceId, customerId, topic, subscribed ? 1 : 0, now],
      );
    },
    async putTopic(workspaceId, t, now) {
      const row = await first(
        x.all(
          `INSERT INTO topics (workspace_id, key, name, description, default_choice, created_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (workspace_id, key) DO UPDATE SET name = excluded.name, description = excluded.description,
             default_choice = excluded.default_choice RETURNING *`,
          [workspaceId, t.key, t.name, t.description, t.defaultChoice, now],
        ),
      );
      return toTopic(row!);
    },
    async deleteTopic(workspaceId, key) {
      return (await x.run('DELETE FROM topics WHERE workspace_id = ? AND key = ?', [workspaceId, key])) > 0;
    },
    async putSettings(workspaceId, settings, now) {
      await x.run(
        `INSERT INTO messaging_settings (workspace_id, settings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (workspace_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
        [workspaceId, JSON.stringify(settings), now],
      );
    },
    async requeue(workspaceId, id, now) {
      const rows = await x.all(
        `UPDATE messages SET status = 'queued', attempts = 0, last_error = NULL, updated_at = ?
         WHERE id = ? AND workspace_id = ? AND status = 'dead' RETURNING id, workspace_id, not_before`,
        [now, id, workspaceId],
      );
      if (rows.length > 0) await enqueueJobs(rows, now);
      return rows.length > 0;
    },
  };
}

const KINDS = MESSAGE_EVENT_KINDS;

/** Leaves out machine opens (Apple's proxy, scanners, prefetches): kept as facts, not engagement. */
const HUMAN = `AND (detail IS NULL OR detail NOT LIKE '${MACHINE_DETAIL}%')`;

/** Messaging's reads on a connection, and its writes through the store's `write`. */
export class SqlMessaging implements MessagingStorage {
  readonly #x: SqlExec;
  readonly write: MessagingStorage['write'];

  constructor(read: SqlExec, write: MessagingStorage['write']) {
    this.#x = read;
    this.write = write;
  }

  async message(workspaceId: number, id: number): Promise<OutboxMessage | null> {
    const row = await first(
      this.#x.all('SELECT * FROM messages WHERE id = ? AND workspace_id = ?', [id, workspaceId]),
    );
    return row ? toMessage(row) : null;
  }

  async messages(workspaceId: number, q: MessageQuery): Promise<Page<OutboxMessage>> {
    const where = ['workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    const add = (sql: string, v: unknown) => {
      where.push(sql);
      params.push(v);
    };
    if (q.customerId !== undefined) add('customer_id = ?', q.customerId);
    if (q.journeyId !== undefined) add('journey_id = ?', q.journeyId);
    if (q.template !== undefined) add('template = ?', q.template);
    if (q.status !== undefined) add('status = ?', q.status);
    if (q.cursor !== undefined) add('id < ?', decodeCursor(q.cursor, ['number'])[0]);
    const rows = await this.#x.all(
      `SELECT * FROM messages WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
      [...params, q.limit + 1],
    );
    const items = rows.slice(0, q.limit).map(toMessage);
    return { items, next: rows.length > q.limit ? encodeCursor([items.at(-1)!.id]) : null };
  }

  async byMessageId(workspaceId: number, messageId: string): Promise<OutboxMessage | null> {
    const row = await first(
      this.#x.all('SELECT * FROM messages WHERE message_id = ? AND workspace_id = ?', [
        messageId,
        workspaceId,
      ]),
    );
    return row ? toMessage(row) : null;
  }

  async byProviderId(workspaceId: number, providerId: string): Promise<OutboxMessage | null> {
    const row = await first(
      this.#x.all('SELECT * FROM messages WHERE provider_id = ? AND workspace_id = ?', [
        providerId,
        workspaceId,
      ]),
    );
    return row ? toMessage(row) : null;
  }

  async events(workspaceId: number, messageId: number) {
    const rows = await this.#x.all(
      'SELECT * FROM message_events WHERE message_id = ? AND workspace_id = ? ORDER BY id',
      [messageId, workspaceId],
    );
    return rows.map(toEvent);
  }

  async marketingSentSince(workspaceId: number, customerId: number, channel: string, since: number) {
    const rows = await this.#x.all(
      `SELECT sent_at FROM messages WHERE workspace_id = ? AND customer_id = ? AND channel = ? AND sent_at >= ?
       AND transactional = ? ORDER BY sent_at`,
      [workspaceId, customerId, channel, since, 0],
    );
    return rows.map((r) => Number(r.sent_at));
  }

  async engagementTimes(workspaceId: number, customerId: number | null, limit: number) {
    const who = customerId === null ? '' : 'AND customer_id = ?';
    const rows = await this.#x.all(
      `SELECT at FROM message_events WHERE workspace_id = ? ${who} AND kind IN ('opened', 'clicked') ${HUMAN} ORDER BY at DESC LIMIT ?`,
      customerId === null ? [workspaceId, limit] : [workspaceId, customerId, limit],
    );
    return rows.map((r) => Number(r.at));
  }

  async suppression(workspaceId: number, channel: string, address: string) {
    const row = await first(
      this.#x.all('SELECT * FROM suppressions WHERE workspace_id = ? AND channel = ? AND address = ?', [
        workspaceId,
        channel,
        address,
      ]),
    );
    return row ? toSuppression(row) : null;
  }

  async suppressions(workspaceId: number, q: { search?: string; cursor?: string; limit: number }) {
    const where = ['workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    if (q.search) {
      where.push("address LIKE ? ESCAPE '\\'");
      params.push(`%${q.search.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`);
    }
    if (q.cursor !== undefined) {
      const [channel, address] = decodeCursor(q.cursor, ['string', 'string']);
      where.push('(channel > ? OR (channel = ? AND address > ?))');
      params.push(channel, channel, address);
    }
    const rows = await this.#x.all(
      `SELECT * FROM suppressions WHERE ${where.join(' AND ')} ORDER BY channel, address LIMIT ?`,
      [...params, q.limit + 1],
    );
    const items = rows.slice(0, q.limit).map(toSuppression);
    const last = items.at(-1);
    return { items, next: rows.length > q.limit && last ? encodeCursor([last.channel, last.address]) : null };
  }

  async subscriptions(workspaceId: number, customerId: number) {
    const rows = await this.#x.all(
      'SELECT topic, subscribed FROM subscriptions WHERE workspace_id = ? AND customer_id = ?',
      [workspaceId, customerId],
    );
    return new Map(rows.map((r) => [String(r.topic), Boolean(r.subscribed)]));
  }

  async topic(workspaceId: number, key: string) {
    const row = await first(
      this.#x.all('SELECT * FROM topics WHERE workspace_id = ? AND key = ?', [workspaceId, key]),
    );
    return row ? toTopic(row) : null;
  }

  async topics(workspaceId: number) {
    return (await this.#x.all('SELECT * FROM topics WHERE workspace_id = ? ORDER BY key', [workspaceId])).map(
      toTopic,
    );
  }

  async settings(workspaceId: number): Promise<MessagingSettings> {
    const row = await first(
      this.#x.all('SELECT settings FROM messaging_settings WHERE workspace_id = ?', [workspaceId]),
    );
    if (!row) return DEFAULT_MESSAGING_SETTINGS;
    const s = typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings;
    return { ...DEFAULT_MESSAGING_SETTINGS, ...(s as Partial<MessagingSettings>) };
  }

  async inbox(workspaceId: number, q: { cursor?: string; limit: number }) {
    const before = q.cursor === undefined ? '' : 'AND id < ?';
    const params: unknown[] = [workspaceId];
    if (q.cursor !== undefined) params.push(decodeCursor(q.cursor, ['number'])[0]);
    const rows = await this.#x.all(
      `SELECT * FROM inbox WHERE workspace_id = ? ${before} ORDER BY id DESC LIMIT ?`,
      [...params, q.limit + 1],
    );
    const items = rows.slice(0, q.limit).map(toInbox);
    return { items, next: rows.length > q.limit ? encodeCursor([items.at(-1)!.id]) : null };
  }

  async inboxItem(workspaceId: number, id: number) {
    const row = await first(
      this.#x.all('SELECT * FROM inbox WHERE id = ? AND workspace_id = ?', [id, workspaceId]),
    );
    return row ? toInbox(row) : null;
  }

  async stats(workspaceId: number, journeyId: number): Promise<MessageStats[]> {
    const rows = await this.#x.all(
      `SELECT journey_version, node_id, variant, kind, count(DISTINCT message_id) AS n FROM message_events
       WHERE journey_id = ? AND workspace_id = ? ${HUMAN} GROUP BY journey_version, node_id, variant, kind`,
      [journeyId, workspaceId],
    );
    const out = new Map<string, MessageStats>();
    for (const r of rows) {
      const key = `${r.journey_version}:${r.node_id}:${r.variant ?? ''}`;
      let s = out.get(key);
      if (!s) {
        s = {
          version: Number(r.journey_version),
          nodeId: String(r.node_id),
          variant: (r.variant ?? null) as string | null,
          ...Object.fromEntries(KINDS.map((k) => [k, 0])),
        } as MessageStats;
        out.set(key, s);
      }
      const kind = r.kind as (typeof KINDS)[number];
      if (KINDS.includes(kind)) s[kind] = Number(r.n);
    }
    return [...out.values()].sort((a, b) => a.version - b.version || a.nodeId.localeCompare(b.nodeId));
  }
}
