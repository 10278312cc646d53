import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTemplate, type TemplateContent, type TemplateDraft } from '../messaging/index.ts';
import { newWorkspace, storeAdapters, suiteStore } from './test-support.ts';

// Template storage against every adapter; without PostgreSQL its part is skipped (saying why), except in CI.
const adapters = await storeAdapters();

const SMS: TemplateContent = { channel: 'sms', body: 'Hi {{ traits.first_name }}' };
const draft = (key: string, content: TemplateContent = SMS, topic: string | null = null): TemplateDraft => ({
  key,
  name: `Template ${key}`,
  topic,
  content,
});

async function compiled(content: TemplateContent) {
  const check = await checkTemplate(content);
  assert.ok(check.ok);
  return check.compiled;
}

for (const adapter of adapters) {
  describe(`template storage (${adapter.name})`, { skip: adapter.skip }, () => {
    const store = suiteStore(adapter);

    it('creates, refuses a taken key, saves drafts, and keeps the key and channel', async () => {
      const ws = await newWorkspace(store());
      const t = store().templates;
      const made = await t.create(ws.id, draft('hello', SMS, 'news'), 1_000);
      assert.deepEqual(
        { ...made!, id: 0 },
        {
          id: 0,
          workspaceId: ws.id,
          key: 'hello',
          name: 'Template hello',
          channel: 'sms',
          topic: 'news',
          draft: SMS,
          publishedVersion: null,
          createdAt: 1_000,
          updatedAt: 1_000,
        },
      );
      assert.equal(await t.create(ws.id, draft('hello'), 2_000), null);
      const other = { channel: 'sms', body: 'Bye' } as const;
      const saved = await t.saveDraft(
        ws.id,
        'hello',
        { name: 'Renamed', topic: null, content: other },
        3_000,
      );
      assert.deepEqual(
        [saved!.name, saved!.topic, saved!.draft, saved!.updatedAt],
        ['Renamed', null, other, 3_000],
      );
      assert.equal(await t.saveDraft(ws.id, 'nope', { name: 'x', topic: null, content: other }, 3_000), null);
      assert.deepEqual((await t.get(ws.id, 'hello'))!.draft, other);
      assert.equal(await t.get(ws.id, 'nope'), null);
    });

    it('publishes versions with their compiled form; the sender reads the latest; versions newest first', async () => {
      const ws = await newWorkspace(store());
      const t = store().templates;
      await t.create(ws.id, draft('promo', SMS, 'deals'), 1_000);
      assert.equal(await t.published(ws.id, 'promo'), null, 'a draft is not sendable');
      assert.deepEqual(await t.existing(ws.id, ['promo']), new Set());
      assert.equal(
        await t.publish(ws.id, 'promo', { content: SMS, compiled: await compiled(SMS) }, 2_000),
        1,
      );
      const v2: TemplateContent = { channel: 'sms', body: 'New {{ stage }}' };
      assert.equal(await t.publish(ws.id, 'promo', { content: v2, compiled: await compiled(v2) }, 3_000), 2);
      assert.deepEqual(await t.published(ws.id, 'promo'), {
        workspaceId: ws.id,
        key: 'promo',
        channel: 'sms',
        version: 2,
        topic: 'deals',
        compiled: { channel: 'sms', body: 'New {{ stage }}' },
      });
      assert.equal((await t.get(ws.id, 'promo'))!.publishedVersion, 2);
      const versions = await t.versions(ws.id, 'promo');
      assert.deepEqual(
        versions!.map((v) => [v.version, v.content, v.publishedAt]),
        [
          [2, v2, 3_000],
          [1, SMS, 2_000],
        ],
      );
      assert.equal(await t.versions(ws.id, 'nope'), null);
      assert.equal(await t.publish(ws.id, 'nope', { content: SMS, compiled: await compiled(SMS) }, 1), null);
      await t.create(ws.id, draft('unpublished'), 1_000);
      assert.deepEqual(await t.existing(ws.id, ['promo', 'unpublished', 'missing']), new Set(['promo']));
      assert.deepEqual(await t.existing(ws.id, []), new Set());
    });

    it('email templates keep their compiled HTML as JSON', async () => {
      const ws = await newWorkspace(store());
      const content: TemplateContent = {
        channel: 'email',
        subject: 'Hi "{{ traits.first_name }}"',
        preheader: null,
        format: 'html',
        body: '<p>héllo ✓ {{ links.unsubscribe }}</p>',
        text: null,
      };
      await store().templates.create(ws.id, draft('mail', content), 1);
      await store().templates.publish(ws.id, 'mail', { content, compiled: await compiled(content) }, 2);
      const p = await store().templates.published(ws.id, 'mail');
      assert.deepEqual(p!.compiled, {
        channel: 'email',
        subject: 'Hi "{{ traits.first_name }}"',
        preheader: null,
        html: '<p>héllo ✓ {{ links.unsubscribe }}</p>',
        text: null,
      });
    });

    it('lists in key order, a page at a time', async () => {
      const ws = await newWorkspace(store());
      for (const key of ['c', 'a', 'e', 'b', 'd']) await store().templates.create(ws.id, draft(key), 1);
      const keys: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store().templates.list(ws.id, { limit: 2, cursor });
        keys.push(page.items.map((x) => x.key));
        cursor = page.next ?? undefined;
      } while (cursor);
      assert.deepEqual(keys, [['a', 'b'], ['c', 'd'], ['e']]);
      await assert.rejects(store().templates.list(ws.id, { limit: 2, cursor: 'bad' }), /cursor is not valid/);
    });

    it('deletes a template with its versions', async () => {
      const ws = await newWorkspace(store());
      const t = store().templates;
      await t.create(ws.id, draft('gone'), 1);
      await t.publish(ws.id, 'gone', { content: SMS, compiled: await compiled(SMS) }, 2);
      assert.equal(await t.delete(ws.id, 'gone'), true);
      assert.equal(await t.delete(ws.id, 'gone'), false);
      assert.equal(await t.published(ws.id, 'gone'), null);
      assert.equal(await t.get(ws.id, 'gone'), null);
      assert.ok(await t.create(ws.id, draft('gone'), 3), 'the key is free again');
      assert.equal(await t.publish(ws.id, 'gone', { content: SMS, compiled: await compiled(SMS) }, 4), 1);
    });

    it('a link secret is 32 bytes, made once per workspace, the same on every connection', async () => {
      const ws = await newWorkspace(store());
      const other = await newWorkspace(store());
      const first = await store().templates.linkSecret(ws.id);
      assert.equal(first.length, 32);
      assert.deepEqual(await store().templates.linkSecret(ws.id), first);
      assert.notDeepEqual(await store().templates.linkSecret(other.id), first);
    });

    it('nothing crosses workspaces', async () => {
      const ws = await newWorkspace(store());
      const other = await newWorkspace(store());
      const t = store().templates;
      await t.create(ws.id, draft('mine'), 1);
      await t.publish(ws.id, 'mine', { content: SMS, compiled: await compiled(SMS) }, 2);
      assert.equal(await t.get(other.id, 'mine'), null);
      assert.equal(await t.published(other.id, 'mine'), null);
      assert.deepEqual(await t.existing(other.id, ['mine']), new Set());
      assert.deepEqual((await t.list(other.id, { limit: 10 })).items, []);
      assert.equal(await t.versions(other.id, 'mine'), null);
      assert.equal(await t.saveDraft(other.id, 'mine', { name: 'x', topic: null, content: SMS }, 3), null);
      assert.equal(
        await t.publish(other.id, 'mine', { content: SMS, compiled: await compiled(SMS) }, 3),
        null,
      );
      assert.equal(await t.delete(other.id, 'mine'), false);
      assert.ok(await t.create(other.id, draft('mine'), 1), 'keys are unique per workspace only');
    });
  });
}
