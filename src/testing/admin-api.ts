import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { buildServer, type ServerOptions } from '../app/index.ts';
import { ManualClock } from '../core/index.ts';
import { DEFAULT_IDENTITY_SETTINGS } from '../identity/index.ts';
import { engineWithJourneys } from '../storage/index.ts';
import { createKey } from '../workspaces/index.ts';
import { tempStore } from './temp-store.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

const CONFIG = { ingestQueueMax: 50_000, ingestBatchMax: 5_000, publicUrl: undefined };

/**
 * A server on a fresh SQLite file for admin API tests: a workspace "shop" with a write and a secret key,
 * a second workspace whose secret key must see none of it, a clock that starts at `start`, and an
 * engine (with the journeys reacting to it) the test steps by hand with that clock (the server runs none
 * of its own); `journeys.wake` runs a journey timer by hand.
 * @example const { call, send, engine } = await adminApi(t, Date.parse('2026-03-01T00:00:00Z'));
 */
export async function adminApi(
  t: TestContext,
  start: number,
  options: Pick<ServerOptions, 'runJobs' | 'outboundNet'> = {},
) {
  const temp = await tempStore();
  const clock = new ManualClock(start);
  const server = await buildServer({ config: CONFIG, store: temp.store, clock, engine: false, ...options });
  const { engine, journeys } = engineWithJourneys(temp.store, clock);
  t.after(async () => {
    await server.close();
    await temp.cleanup();
  });
  const store = temp.store;
  const ws = await store.workspaces.create('shop', { identity: DEFAULT_IDENTITY_SETTINGS }, start);
  const write = await createKey(store, { workspaceId: ws.id, kind: 'write', name: 'w', now: start });
  const secret = await createKey(store, { workspaceId: ws.id, kind: 'secret', name: 's', now: start });
  const other = await store.workspaces.create('other', { identity: DEFAULT_IDENTITY_SETTINGS }, start);
  const otherSecret = await createKey(store, {
    workspaceId: other.id,
    kind: 'secret',
    name: 's',
    now: start,
  });
  const app = server.app;

  /** An admin API call with the shop's secret key (or another key). */
  const call = (
    method: Method,
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
    key = secret.key,
  ) =>
    app.inject({
      method,
      url,
      payload: payload as never,
      headers: { authorization: `Bearer ${key}`, ...headers },
    });

  /** One Segment message through /v1 with the shop's write key, stamped with the clock; must get a 200. */
  const send = async (type: 'track' | 'identify', body: Record<string, unknown>) => {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/${type}`,
      headers: { authorization: `Basic ${Buffer.from(`${write.key}:`).toString('base64')}` },
      payload: { ...body, timestamp: new Date(clock.now()).toISOString() },
    });
    assert.equal(res.statusCode, 200, res.body);
  };

  return {
    app,
    store,
    clock,
    engine,
    journeys,
    /** Both of the server's workers' due jobs, wakes included, until none is left (with `runJobs: false`). */
    runDueJobs: () => server.runDueJobs(),
    ws,
    call,
    send,
    writeKey: write.key,
    secretKey: secret.key,
    otherSecret: otherSecret.key,
  };
}
