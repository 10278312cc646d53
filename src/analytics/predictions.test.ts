import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DAY, ManualClock } from '../core/index.ts';
import { Engine } from '../engine/index.ts';
import { cdnowRows, readLines, runImport } from '../import/index.ts';
import { JobWorker, ManualTimers } from '../jobs/index.ts';
import { parseRule } from '../rules/index.ts';
import type { Store } from '../storage/index.ts';
import { type Harness, newWorkspace, storeAdapters } from '../storage/test-support.ts';
import { cdnowFile } from '../testing/cdnow.ts';
import type { Workspace } from '../workspaces/index.ts';
import { ensurePredictionJobs, predictKey, registerPredictionJobs } from './prediction-jobs.ts';
import { fitWorkspace } from './predictions.ts';

// The CDNOW sample is public data the repository keeps (test/fixtures), so these always run.
const SAMPLE = cdnowFile('CDNOW_sample.txt')!;

const adapters = await storeAdapters();

/** Mid-1998, just after the log ends: the customers who stopped in 1997 look gone. */
const NOW = Date.parse('1998-07-01T00:00:00Z');

for (const adapter of adapters) {
  describe(`predictions on the CDNOW sample (${adapter.name})`, { skip: adapter.skip }, () => {
    let harness: Harness;
    let store: Store;
    let ws: Workspace;
    const clock = new ManualClock(NOW);

    before(async () => {
      harness = adapter.make();
      store = harness.open();
      await store.migrate();
      ws = await newWorkspace(store);
      const summary = await runImport({
        store,
        workspace: ws,
        clock,
        rows: cdnowRows((await readLines(SAMPLE)).lines),
      });
      assert.equal(summary.stored, 6919);
    });
    after(async () => {
      await store?.close();
      await harness?.cleanup();
    });

    it('fits on the purchases through 1997-09-30 as the literature does, and stores nothing', async () => {
      const until = Date.parse('1997-10-01T00:00:00Z');
      const fit = await fitWorkspace(store, ws.id, {
        until,
        unit: 'weeks',
        event: 'Order Completed',
        now: NOW,
        store: true,
      });
      const bg = fit.report.models.bgNbd;
      assert.ok(bg.converged);
      // Fader, Hardie & Lee (2005): r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4.
      assert.ok(Math.abs(bg.params.r!.estimate - 0.243) < 0.002, `r ${bg.params.r!.estimate}`);
      assert.ok(Math.abs(bg.params.alpha!.estimate - 4.414) < 0.02);
      assert.ok(Math.abs(bg.logLikelihood - -9582.4) < 0.5);
      assert.ok(fit.holdout && fit.holdout.actualTotal === 1882, `${fit.holdout?.actualTotal}`);
      assert.equal(fit.written, 0);
      assert.equal(await store.analytics.latestFit(ws.id), null);
    });

    it('stores every buyer’s predictions where rules read them, and the engine segments on them', async () => {
      const fit = await fitWorkspace(store, ws.id, {
        unit: 'days',
        event: 'Order Completed',
        now: NOW,
        store: true,
      });
      assert.equal(fit.written, 2357);
      const stored = await store.analytics.latestFit(ws.id);
      const population = stored?.report.population as { meanClv: number; meanPAlive: number };
      assert.ok(population.meanClv > 0 && population.meanPAlive > 0 && population.meanPAlive < 1);

      const rule = parseRule('prediction p_alive < 0.3');
      assert.ok(rule.ok);
      await store.segments.create(
        ws.id,
        { key: 'lapsing', name: 'Lapsing', description: null, kind: 'rule', rule: rule.rule },
        NOW,
      );
      const engine = new Engine(store, clock);
      for (let i = 0; i < 200 && !(await engine.step()).idle; i++);
      const segment = await store.segments.get(ws.id, 'lapsing');
      const size = await store.segments.size(ws.id, segment!.id);
      // The segment holds exactly the customers whose stored P(alive) is under 0.3: only repeat buyers can
      // be (BG/NBD has a one-time buyer alive for sure), so a minority of the 2,357.
      let expected = 0;
      for (let after = 0; ; ) {
        const page = await store.engine.customerRecords(ws.id, after, 500);
        if (page.length === 0) break;
        for (const r of page)
          if (((r.state?.predictions ?? {}) as Record<string, number>).p_alive! < 0.3) expected++;
        after = page[page.length - 1]!.id;
      }
      assert.ok(expected > 100 && expected < 946, `expected ${expected}`);
      assert.equal(size, expected);
      const member = (await store.segments.members(ws.id, segment!.id, { limit: 1 })).items[0]!;
      const record = await store.engine.customerRecord(ws.id, member.customerId);
      const p = record!.state!.predictions as Record<string, number>;
      assert.ok(p.p_alive! < 0.3 && p.churn_risk === 3, JSON.stringify(p));
      for (const key of ['clv', 'expected_purchases', 'rfm_recency', 'rfm_frequency', 'rfm_monetary']) {
        assert.equal(typeof p[key], 'number', key);
      }
    });

    it('the refit job fits a workspace only once its fit is older than the interval, a failed fit too', async () => {
      const errors: number[] = [];
      const worker = new JobWorker(store.jobs, { clock, timers: new ManualTimers() });
      registerPredictionJobs(worker, store, { intervalMs: DAY, onError: (id) => errors.push(id) });
      const fits = async () => {
        const runs = (await worker.runDue()).filter((r) => r.job.workspaceId === ws.id);
        return runs.map((r) => r.outcome);
      };
      assert.equal(await ensurePredictionJobs(store, clock.now(), DAY), 1);
      assert.equal(await ensurePredictionJobs(store, clock.now(), DAY), 0, 'one job per workspace, by key');
      const first = (await store.analytics.latestFit(ws.id))!;
      assert.deepEqual(await fits(), [], 'fitted just now (by the test before)');
      clock.advance(DAY);
      assert.deepEqual(await fits(), ['rescheduled']);
      const refit = (await store.analytics.latestFit(ws.id))!;
      assert.ok(refit.id !== first.id && refit.fittedAt === clock.now());
      assert.deepEqual(await fits(), []);
      assert.equal((await store.analytics.latestFit(ws.id))!.id, refit.id);
      const [next] = await store.jobs.find(ws.id, predictKey(ws.id));
      assert.equal(next!.runAt, clock.now() + DAY);

      // A workspace with no purchases fails quietly and waits an interval, not a backoff.
      const empty = await newWorkspace(store);
      assert.equal(await ensurePredictionJobs(store, clock.now(), DAY), 1, 'a new workspace gets its job');
      await worker.runDue();
      assert.deepEqual(errors, [empty.id]);
      const [waiting] = await store.jobs.find(empty.id, predictKey(empty.id));
      assert.deepEqual([waiting!.runAt, waiting!.attempts, waiting!.failedAt], [clock.now() + DAY, 0, null]);
      clock.advance(DAY - 1);
      await worker.runDue();
      assert.deepEqual(errors, [empty.id]);
      clock.advance(1);
      await worker.runDue();
      assert.deepEqual(errors, [empty.id, empty.id]);
    });
  });
}
