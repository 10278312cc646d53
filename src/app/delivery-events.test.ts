import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../core/index.ts';
import { Engine } from '../engine/index.ts';
import { modelOf } from '../lifecycle/test-documents.ts';
import { FactRecorder } from '../messaging/index.ts';
import type { WriteUnit } from '../storage/index.ts';
import { newWorkspace, storeAdapters, suiteStore } from '../storage/test-support.ts';
import { recipientOf, trackThroughIngest } from './message-sender.ts';
import { customerWith, outboxMessage, senderRig, WELCOME } from './sender-test-kit.ts';

// Delivery facts are events like any other: written through ingest in the sender's and the recorder's
// units, the lifecycle engine claims them on every store (PostgreSQL's queue included) and rules see them.
const adapters = await storeAdapters();
const T = Date.parse('2027-03-01T12:00:00Z');
const MODEL = modelOf(`name: mail
stages:
  - { key: visitor, name: Visitor, kind: lifecycle }
  - { key: reader, name: Reader, kind: lifecycle, rule: 'performed "Email Opened"' }
`);

for (const adapter of adapters) {
  describe(`delivery events and the engine (${adapter.name})`, { skip: adapter.skip }, () => {
    const store = suiteStore(adapter);

    it('an email sent and opened reach the engine; a replayed open adds no event', async (t) => {
      const clock = new ManualClock(T);
      const ws = await newWorkspace(store());
      await store().engine.publishModel(ws.id, MODEL, T);
      const ada = await customerWith(store(), ws, 'ada', { email: 'ada@example.com', firstName: 'Ada' }, T);
      const engine = new Engine(store(), clock);
      const settle = async () => {
        for (let i = 0; i < 20 && !(await engine.step()).idle; i++);
      };
      await settle();
      const stage = async () => (await store().engine.currentStages(ws.id, [ada])).get(ada)?.stage;
      assert.equal(await stage(), 'visitor');

      const rig = senderRig(store(), clock, null);
      t.after(rig.close);
      await rig.templates.publish(ws.id, 'welcome', WELCOME, 'news');
      await store().write((u) => u.outbox.enqueue([outboxMessage(ws, ada, 'w:1', T)], T));
      await rig.worker.runDue();
      const [m] = (await store().messaging.messages(ws.id, { limit: 1 })).items;
      assert.equal(m!.status, 'sent');

      const facts = new FactRecorder<WriteUnit>({
        clock,
        messaging: store().messaging,
        write: (fn) => store().write(fn),
        track: trackThroughIngest,
        recipient: (w, c) => recipientOf(store(), w, c),
      });
      clock.advance(60_000);
      await facts.opened(m!);
      await facts.opened(m!);
      await settle();
      assert.equal(await stage(), 'reader');
      const opened = await store().customers.events(ws.id, {
        customerId: ada,
        name: 'Email Opened',
        limit: 5,
      });
      assert.equal(opened.items.length, 1);
      // Stamped with the stage it happened in, as every event the engine processed is.
      assert.equal(opened.items[0]!.stage, 'visitor');
    });
  });
}
