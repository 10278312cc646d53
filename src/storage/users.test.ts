import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MINUTE } from '../core/index.ts';
import { addMember, hashToken, LOGIN_WINDOW_MS, MAX_FAILURES_PER_EMAIL, signIn } from '../users/index.ts';
import { newWorkspace, storeAdapters, suiteStore } from './test-support.ts';

// Users, memberships, sessions and login attempts against both adapters; without PostgreSQL its half
// is skipped (saying why), except in CI.
const adapters = await storeAdapters();
const T = Date.parse('2026-03-01T00:00:00Z');

for (const adapter of adapters) {
  describe(`users on ${adapter.name}`, { skip: adapter.skip }, () => {
    const store = suiteStore(adapter);

    it('keeps one account per email, roles per workspace, and members in order', async () => {
      const users = store().users;
      const a = await newWorkspace(store());
      const b = await newWorkspace(store());
      const ann = await users.create({ email: 'ann@shop.test', passwordHash: 'scrypt$x', createdAt: T });
      await assert.rejects(users.create({ email: 'ann@shop.test', passwordHash: 'y', createdAt: T }));
      await users.setRole(ann.id, a.id, 'viewer', T);
      await users.setRole(ann.id, a.id, 'editor', T + 1);
      await users.setRole(ann.id, b.id, 'admin', T);
      assert.deepEqual(
        (await users.memberships(ann.id)).map((m) => [m.workspaceId, m.role]),
        [
          [a.id, 'editor'],
          [b.id, 'admin'],
        ],
      );
      assert.deepEqual(
        (await users.members(a.id)).map((m) => [m.user.email, m.membership.role]),
        [['ann@shop.test', 'editor']],
      );
      assert.equal(await users.removeMembership(ann.id, a.id), true);
      assert.equal(await users.removeMembership(ann.id, a.id), false);
      assert.equal((await users.members(a.id)).length, 0);
      assert.equal(await users.remove(ann.id), true);
      assert.equal(await users.findByEmail('ann@shop.test'), null);
      assert.equal((await users.members(b.id)).length, 0, 'memberships go with the account');
    });

    it('stores sessions by digest, revokes them, and counts failed sign-ins since the last success', async () => {
      const users = store().users;
      const bob = await users.create({ email: 'bob@shop.test', passwordHash: 'h', createdAt: T });
      await users.createSession({ tokenHash: 'd1', userId: bob.id, createdAt: T, expiresAt: T + 10 });
      await users.createSession({ tokenHash: 'd2', userId: bob.id, createdAt: T, expiresAt: T + 10 });
      assert.equal((await users.findSession('d1'))?.revokedAt, null);
      assert.equal(await users.revokeSession('d1', T + 1), true);
      assert.equal(await users.revokeSession('d1', T + 2), false);
      assert.equal((await users.findSession('d1'))?.revokedAt, T + 1);
      assert.equal(await users.revokeSessions(bob.id, T + 3), 1);

      for (const at of [T, T + 1, T + 2]) await users.recordAttempt('email:bob', at, false);
      assert.equal(await users.failuresSince('email:bob', T), 3);
      assert.equal(await users.failuresSince('email:bob', T + 2), 1, 'only inside the window');
      await users.recordAttempt('email:bob', T + 3, true);
      await users.recordAttempt('email:bob', T + 4, false);
      assert.equal(await users.failuresSince('email:bob', T), 1, 'a success resets the count');
      assert.equal(await users.failuresSince('email:other', T), 0);
    });

    it('refuses sign-in after too many failures until the window passes, from the store alone', async () => {
      const users = store().users;
      const ws = await newWorkspace(store());
      await addMember(users, {
        email: 'cy@shop.test',
        password: 'correct horse',
        role: 'viewer',
        workspaceId: ws.id,
        now: T,
      });
      const attempt = (password: string, now: number) =>
        signIn(users, { email: 'CY@shop.test ', password, address: '10.0.0.1', now });
      for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++)
        assert.deepEqual(await attempt('wrong', T + i), { ok: false, reason: 'wrong' });
      assert.deepEqual(await attempt('correct horse', T + 10), { ok: false, reason: 'limited' });
      const later = await attempt('correct horse', T + LOGIN_WINDOW_MS + MINUTE);
      assert.equal(later.ok, true);
      if (later.ok) assert.equal((await users.findSession(hashToken(later.token)))?.userId, later.user.id);
    });
  });
}
