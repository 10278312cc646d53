import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import { DEFAULT_WORKSPACE, ensureDefaultWorkspace } from '../app/bootstrap.ts';
import { type AppError, ManualClock } from '../core/index.ts';
import { DEFAULT_IDENTITY_SETTINGS } from '../identity/index.ts';
import { SqliteStore } from '../storage/index.ts';
import { tempStore } from '../testing/index.ts';
import { KeyAuthenticator } from './authenticator.ts';
import { createKey, generateKey, hashKey, keyPrefix, rotateKey } from './keys.ts';

const T = Date.parse('2026-01-01T00:00:00Z');
const settings = { identity: DEFAULT_IDENTITY_SETTINGS };

async function setup() {
  const temp = await tempStore();
  const clock = new ManualClock(T);
  const workspace = await temp.store.workspaces.create('acme', settings, T);
  return { ...temp, clock, workspace };
}

/** Every row of api_keys, read from the SQLite file by a separate connection. */
function apiKeyRows(file: string): Record<string, unknown>[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db.prepare('SELECT * FROM api_keys ORDER BY id').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe('keys', () => {
  test('generated keys are distinct and tell their kind by prefix', () => {
    const write = new Set(Array.from({ length: 200 }, () => generateKey('write')));
    const secret = new Set(Array.from({ length: 200 }, () => generateKey('secret')));
    assert.equal(write.size, 200);
    assert.equal(secret.size, 200);
    for (const key of write) assert.match(key, /^ll_wk_[A-Za-z0-9_-]{32}$/);
    for (const key of secret) assert.match(key, /^ll_sk_[A-Za-z0-9_-]{32}$/);
  });

  test('hashKey is the SHA-256 digest in hex; keyPrefix the first 12 characters', () => {
    assert.equal(hashKey('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(keyPrefix('ll_sk_abcdefghijkl'), 'll_sk_abcdef');
  });

  test('only the digest is stored: the plain key is in no row and nowhere in the database files', async (t) => {
    const { store, file, workspace, cleanup } = await setup();
    t.after(cleanup);
    const write = await createKey(store, { workspaceId: workspace.id, kind: 'write', name: 'web', now: T });
    const secret = await createKey(store, { workspaceId: workspace.id, kind: 'secret', name: 'ops', now: T });
    assert.equal(write.record.hash, createHash('sha256').update(write.key).digest('hex'));
    assert.equal(write.record.prefix, write.key.slice(0, 12));

    const rows = apiKeyRows(file);
    assert.equal(rows.length, 2);
    assert.deepEqual(
      rows.map((r) => [r.kind, r.hash]),
      [
        ['write', hashKey(write.key)],
        ['secret', hashKey(secret.key)],
      ],
    );
    const cells = rows.flatMap((r) => Object.values(r).map(String));
    for (const { key } of [write, secret]) {
      assert.ok(!cells.some((cell) => cell.includes(key)), 'the key is in a row');
      // What follows the shown prefix, the secret part, is in no cell either.
      assert.ok(
        !cells.some((cell) => cell.includes(key.slice(12))),
        'the secret part of the key is in a row',
      );
    }
    const bytes = readdirSync(path.dirname(file))
      .map((name) => readFileSync(path.join(path.dirname(file), name)).toString('latin1'))
      .join('\n');
    assert.ok(bytes.includes(hashKey(write.key)), 'the scan reads the files the rows are in');
    for (const { key } of [write, secret]) assert.ok(!bytes.includes(key.slice(12)));
  });

  test('a given value is stored as given (environment keys)', async (t) => {
    const { store, workspace, cleanup } = await setup();
    t.after(cleanup);
    const value = 'my-own-write-key-0001';
    const { key, record } = await createKey(store, {
      workspaceId: workspace.id,
      kind: 'write',
      name: 'env',
      value,
      now: T,
    });
    assert.equal(key, value);
    assert.equal(record.hash, hashKey(value));
  });

  test('rotating a key creates a new one of the same kind and revokes the old one', async (t) => {
    const { store, clock, workspace, cleanup } = await setup();
    t.after(cleanup);
    const old = await createKey(store, { workspaceId: workspace.id, kind: 'secret', name: 'ops', now: T });
    clock.advance(60_000);
    const rotated = await rotateKey(store, old.record.id, clock.now());
    assert.ok(rotated);
    assert.notEqual(rotated.key, old.key);
    assert.match(rotated.key, /^ll_sk_/);
    assert.equal(rotated.record.kind, 'secret');
    assert.equal(rotated.record.name, 'ops');
    assert.equal(rotated.record.workspaceId, workspace.id);
    assert.equal(rotated.revoked.revokedAt, clock.now());
    assert.equal((await store.keys.get(old.record.id))?.revokedAt, clock.now());
    assert.equal((await store.keys.get(rotated.record.id))?.revokedAt, null);

    const keys = new KeyAuthenticator(store, clock);
    assert.equal(await keys.authenticate(old.key, 'secret'), null);
    assert.equal((await keys.authenticate(rotated.key, 'secret'))?.id, workspace.id);

    assert.equal(await rotateKey(store, old.record.id, clock.now()), null, 'a revoked key cannot be rotated');
    assert.equal(await rotateKey(store, 9_999, clock.now()), null);
  });
});

describe('KeyAuthenticator', () => {
  test('returns the key’s workspace only for the key’s own kind', async (t) => {
    const { store, clock, workspace, cleanup } = await setup();
    t.after(cleanup);
    const other = await store.workspaces.create('other', settings, T);
    const write = await createKey(store, { workspaceId: workspace.id, kind: 'write', name: 'w', now: T });
    const secret = await createKey(store, { workspaceId: other.id, kind: 'secret', name: 's', now: T });
    const keys = new KeyAuthenticator(store, clock);

    assert.deepEqual(await keys.authenticate(write.key, 'write'), workspace);
    assert.equal(await keys.authenticate(write.key, 'secret'), null);
    assert.equal((await keys.authenticate(secret.key, 'secret'))?.name, 'other');
    assert.equal(await keys.authenticate(secret.key, 'write'), null);
    assert.equal(await keys.authenticate('ll_sk_not-a-real-key', 'secret'), null);
    assert.equal(await keys.authenticate('', 'write'), null);
  });

  test('caches answers, known and unknown keys alike, for the TTL', async (t) => {
    const { store, clock, workspace, cleanup } = await setup();
    t.after(cleanup);
    const keys = new KeyAuthenticator(store, clock, 5_000);
    const key = await createKey(store, { workspaceId: workspace.id, kind: 'secret', name: 's', now: T });
    assert.ok(await keys.authenticate(key.key, 'secret'));

    await store.keys.revoke(key.record.id, clock.now());
    clock.advance(4_999);
    assert.ok(await keys.authenticate(key.key, 'secret'), 'revoked elsewhere: still cached within the TTL');
    clock.advance(1);
    assert.equal(await keys.authenticate(key.key, 'secret'), null, 'looked up again once the TTL is over');

    const later = generateKey('write');
    assert.equal(await keys.authenticate(later, 'write'), null);
    await createKey(store, { workspaceId: workspace.id, kind: 'write', name: 'w', value: later, now: T });
    assert.equal(await keys.authenticate(later, 'write'), null, 'an unknown key is cached too');
    clock.advance(5_000);
    assert.equal((await keys.authenticate(later, 'write'))?.id, workspace.id);
  });

  test('forget() makes a revocation effective at once', async (t) => {
    const { store, clock, workspace, cleanup } = await setup();
    t.after(cleanup);
    const keys = new KeyAuthenticator(store, clock);
    const key = await createKey(store, { workspaceId: workspace.id, kind: 'write', name: 'w', now: T });
    assert.ok(await keys.authenticate(key.key, 'write'));
    await store.keys.revoke(key.record.id, clock.now());
    assert.ok(await keys.authenticate(key.key, 'write'));
    keys.forget();
    assert.equal(await keys.authenticate(key.key, 'write'), null);
  });
});

describe('ensureDefaultWorkspace', () => {
  test('first start creates the workspace and a write and a secret key, shown once; restarts create nothing', async (t) => {
    const { store, file, clock, cleanup } = await setup();
    t.after(cleanup);
    const first = await ensureDefaultWorkspace(store, clock, {});
    assert.equal(first.workspace.name, DEFAULT_WORKSPACE);
    assert.deepEqual(first.workspace.settings, settings);
    assert.deepEqual(
      first.created.map((k) => k.kind),
      ['write', 'secret'],
    );
    const keys = new KeyAuthenticator(store, clock);
    const [write, secret] = first.created;
    assert.equal((await keys.authenticate(write.key, 'write'))?.id, first.workspace.id);
    assert.equal((await keys.authenticate(secret.key, 'secret'))?.id, first.workspace.id);

    // A restart: a new store on the same file.
    await store.close();
    const reopened = new SqliteStore(file);
    try {
      await reopened.migrate();
      const second = await ensureDefaultWorkspace(reopened, clock, {});
      assert.equal(second.workspace.id, first.workspace.id);
      assert.deepEqual(second.created, []);
      assert.equal((await reopened.keys.list(first.workspace.id)).length, 2);
      assert.equal((await reopened.workspaces.list()).filter((w) => w.name === DEFAULT_WORKSPACE).length, 1);
    } finally {
      await reopened.close();
    }
  });

  test('keys from the environment are registered, hashed, once', async (t) => {
    const { store, file, clock, cleanup } = await setup();
    t.after(cleanup);
    const seed = { writeKey: 'env-write-key-000001', secretKey: 'env-secret-key-00001' };
    const first = await ensureDefaultWorkspace(store, clock, seed);
    assert.deepEqual(first.created, [], 'keys the operator chose are not printed');
    const again = await ensureDefaultWorkspace(store, clock, seed);
    assert.deepEqual(again.created, []);
    const stored = await store.keys.list(first.workspace.id);
    assert.deepEqual(
      stored.map((k) => [k.kind, k.hash, k.name]),
      [
        ['write', hashKey(seed.writeKey), 'from environment'],
        ['secret', hashKey(seed.secretKey), 'from environment'],
      ],
    );
    const cells = apiKeyRows(file).flatMap((r) => Object.values(r).map(String));
    assert.ok(!cells.some((c) => c.includes(seed.writeKey) || c.includes(seed.secretKey)));
    const keys = new KeyAuthenticator(store, clock);
    assert.ok(await keys.authenticate(seed.writeKey, 'write'));
    assert.ok(await keys.authenticate(seed.secretKey, 'secret'));
  });

  test('an environment key that was revoked, is of the other kind or is another workspace’s stops the start', async (t) => {
    const { store, clock, cleanup } = await setup();
    t.after(cleanup);
    const seed = { writeKey: 'env-write-key-000001', secretKey: 'env-secret-key-00001' };
    const { workspace } = await ensureDefaultWorkspace(store, clock, seed);
    await assert.rejects(
      ensureDefaultWorkspace(store, clock, { secretKey: seed.writeKey }),
      (e: AppError) => {
        assert.equal(e.code, 'conflict');
        assert.match(e.message, /LOOPLINE_SECRET_KEY is registered as a write key/);
        assert.ok(!e.message.includes(seed.writeKey), 'the key is not echoed');
        return true;
      },
    );
    const other = await store.workspaces.create('other', settings, clock.now());
    await createKey(store, {
      workspaceId: other.id,
      kind: 'write',
      name: 'x',
      value: 'other-write-key-0001',
      now: 1,
    });
    await assert.rejects(
      ensureDefaultWorkspace(store, clock, { writeKey: 'other-write-key-0001' }),
      /belongs to another workspace/,
    );
    const [write] = await store.keys.list(workspace.id);
    await store.keys.revoke(write.id, clock.now());
    await assert.rejects(ensureDefaultWorkspace(store, clock, seed), /LOOPLINE_WRITE_KEY was revoked/);
  });

  test('an environment key for one kind, a generated key for the other; a new env key is added later', async (t) => {
    const { store, clock, cleanup } = await setup();
    t.after(cleanup);
    const first = await ensureDefaultWorkspace(store, clock, { writeKey: 'env-write-key-000001' });
    assert.deepEqual(
      first.created.map((k) => k.kind),
      ['secret'],
    );
    const next = await ensureDefaultWorkspace(store, clock, {
      writeKey: 'env-write-key-000001',
      secretKey: 'env-secret-key-00002',
    });
    assert.deepEqual(next.created, []);
    const stored = await store.keys.list(first.workspace.id);
    assert.deepEqual(
      stored.map((k) => [k.kind, k.name]),
      [
        ['write', 'from environment'],
        ['secret', 'default'],
        ['secret', 'from environment'],
      ],
    );
  });
});
