import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import { analyticsSettings, cohortReport, computeKpis, funnelReport } from '../analytics/index.ts';
import { DAY } from '../core/index.ts';
import { loadPreset, type PresetName } from '../lifecycle/index.ts';
import type { Store } from '../storage/index.ts';
import { type Harness, storeAdapters } from '../storage/test-support.ts';
import { apparelStore } from './apparel-store.ts';
import { createDemoWorkspace } from './demo-workspace.ts';
import { fitnessApp } from './fitness-app.ts';
import { type LoadReport, loadDemo } from './load-demo.ts';
import type { Business } from './model.ts';
import { Simulation } from './simulate.ts';

const NOW = Date.parse('2026-11-27T10:00:00Z');
// Not on SQLite's writer thread: the suite is the slowest here (10–19 s a run on that adapter alone), and
// `loopline demo` (cli/demo.test.ts) already loads a demo through the store as the server opens it.
const adapters = (await storeAdapters()).filter((a) => a.name !== 'sqlite (writer thread)');

async function load(store: Store, business: Business, preset: PresetName, customers: number) {
  const simulation = new Simulation(business, { customers, months: 18, seed: 'acceptance', now: NOW });
  const demo = await createDemoWorkspace(store, {
    name: 'demo',
    preset,
    at: simulation.firstDay * DAY,
    analytics: business.analytics,
  });
  const report = await loadDemo({ store, workspace: demo.workspace, simulation, now: NOW });
  const counts = new Map(
    (await store.analytics.stageCounts(demo.workspace.id)).map((c) => [c.stage, c.customers]),
  );
  return { ws: demo.workspace, report, counts };
}

/** A migrated store of its own, closed and removed when the test ends. */
async function freshStore(t: TestContext, harness: Harness): Promise<Store> {
  const store = harness.open();
  t.after(async () => {
    await store.close();
    await harness.cleanup();
  });
  await store.migrate();
  return store;
}

/** Every stage of the preset, lapse and reactivation states included, has customers. */
function assertEveryStage(preset: PresetName, counts: Map<string, number>) {
  for (const stage of loadPreset(preset).stages) {
    assert.ok((counts.get(stage.key) ?? 0) > 0, `${preset}: no customer in ${stage.key}`);
  }
}

for (const adapter of adapters) {
  describe(`a small demo on a real store (${adapter.name})`, { skip: adapter.skip }, () => {
    let first: { counts: Map<string, number>; report: LoadReport } | null = null;

    test('populates every clm-5 stage, with a shop funnel and repeat-purchase cohorts', async (t) => {
      const store = await freshStore(t, adapter.make());
      const { ws, report, counts } = await load(store, apparelStore, 'clm-5', 1_000);
      first = { counts, report };
      assert.equal(report.rejected, 0);
      assert.equal(report.stored, report.events);
      assert.ok(report.spendRows > 0);
      assert.ok(report.fit && report.fit.written > 50, 'predictions stored for the buyers');
      assertEveryStage('clm-5', counts);
      assert.equal(
        [...counts.values()].reduce((a, b) => a + b, 0),
        1_000,
      );

      const funnel = await funnelReport(store, ws.id, {
        steps: apparelStore.funnel.map((event) => ({ event })),
        order: 'ordered',
        windowMs: 7 * DAY,
        from: NOW - 180 * DAY,
        to: NOW,
      });
      const steps = funnel.steps.map((s) => s.customers);
      assert.ok(steps.at(-1)! > 0, `funnel ${steps}`);
      for (let k = 1; k < steps.length; k++) assert.ok(steps[k]! < steps[k - 1]!, `funnel ${steps}`);

      const cohorts = await cohortReport(
        store,
        ws.id,
        { from: report.firstDay, to: NOW, unit: 'month', now: NOW },
        {
          cohort: { by: 'first_event', event: 'Order Completed' },
          returnEvent: 'Order Completed',
          periods: 6,
        },
      );
      assert.ok(cohorts.cohorts.filter((c) => c.size > 0).length >= 12);
      const later = cohorts.average.retention.slice(1);
      assert.ok(
        later.every((r) => r !== null && r > 0 && r < 0.6),
        `retention ${later}`,
      );

      // The workspace reads the business's event names: referrals converted count.
      const [referrals] = await computeKpis(store.analytics, ws.id, {
        from: report.firstDay,
        to: NOW,
        unit: 'month',
        now: NOW,
        ids: ['referrals_converted'],
        settings: analyticsSettings(ws.settings.analytics),
      });
      assert.ok((referrals?.value ?? 0) > 0);
    });

    test('a second run with the same seed gives the same stages, events and moves', async (t) => {
      assert.ok(first, 'runs after the first test');
      const store = await freshStore(t, adapter.make());
      const again = await load(store, apparelStore, 'clm-5', 1_000);
      assert.deepEqual(again.counts, first.counts);
      assert.equal(again.report.stored, first.report.stored);
      assert.equal(again.report.fit?.written, first.report.fit?.written);
    });
  });
}

test('the fitness app populates every stage of service-6', async (t) => {
  const store = await freshStore(t, adapters[0]!.make());
  const { counts } = await load(store, fitnessApp, 'service-6', 800);
  assertEveryStage('service-6', counts);
});
