import type { JobStorage, JobWorker } from '../jobs/index.ts';
import type { AnalyticsSources } from './analytics-store.ts';
import { type AnalyticsSettingsOverrides, analyticsSettings } from './kpis/index.ts';
import { fitWorkspace } from './predictions.ts';

/** The kind of each workspace's recurring refit job. */
export const PREDICT_KIND = 'predict.fit';

/** The one refit job of a workspace. */
export const predictKey = (workspaceId: number) => `predict:${workspaceId}`;

type WorkspaceRow = { id: number; settings: { analytics?: AnalyticsSettingsOverrides } };

/** What the refit jobs read and write: the store satisfies it as it is. */
export type PredictionSources = AnalyticsSources & {
  readonly workspaces: { get(id: number): Promise<WorkspaceRow | null>; list(): Promise<WorkspaceRow[]> };
  readonly jobs: Pick<JobStorage, 'enqueue'>;
};

export type PredictionJobOptions = {
  /** How old a workspace's latest fit may get before it is fitted again. */
  intervalMs: number;
  /** A fit that failed (no repeat purchases yet, say); it is tried again after another interval. */
  onError?: (workspaceId: number, error: unknown) => void;
};

/**
 * Registers the refit handler: it fits the workspace's prediction models, stores the new predictions
 * (see `fitWorkspace`) and runs again after the interval. A failed fit is not a failed job: it is tried
 * again only after another interval, as a fit that worked would be, rather than retried with backoff
 * (a workspace with no repeat purchases would fail the same way a minute later).
 */
export function registerPredictionJobs(
  worker: JobWorker,
  store: PredictionSources,
  options: PredictionJobOptions,
): void {
  // One fit at a time in this process, as before the jobs: each holds every buyer's purchases in memory
  // and keeps a core busy. Waiting here is safe, the heartbeat keeps the waiting job's lease.
  let turn: Promise<unknown> = Promise.resolve();
  worker.register(PREDICT_KIND, async (job, { now }) => {
    const workspace = await store.workspaces.get(job.workspaceId);
    if (!workspace) return; // the job ends with its workspace
    // Fitted since this run was planned (`loopline predict fit`, say): wait an interval from that fit.
    const due = await nextFitAt(store, workspace.id, now, options.intervalMs);
    if (due > now) return { rerunAt: due };
    const fit = turn.then(() =>
      fitWorkspace(store, workspace.id, {
        unit: 'days',
        event: analyticsSettings(workspace.settings.analytics).purchaseEvent,
        now,
        store: true,
      }),
    );
    turn = fit.catch(() => undefined);
    try {
      await fit;
    } catch (error) {
      options.onError?.(workspace.id, error);
    }
    return { rerunAt: now + options.intervalMs };
  });
}

/**
 * Gives every workspace its refit job, due once its latest fit is an interval old (now if it has none).
 * Idempotent by key: a workspace that has its job keeps it as it is. Returns how many it made.
 */
export async function ensurePredictionJobs(
  store: PredictionSources,
  now: number,
  intervalMs: number,
): Promise<number> {
  const jobs = [];
  for (const ws of await store.workspaces.list()) {
    const runAt = await nextFitAt(store, ws.id, now, intervalMs);
    jobs.push({ workspaceId: ws.id, kind: PREDICT_KIND, key: predictKey(ws.id), runAt });
  }
  return store.jobs.enqueue(jobs, { now, onConflict: 'keep' });
}

/** When the workspace's next fit is due: an interval after its latest fit, and never before now. */
async function nextFitAt(
  store: PredictionSources,
  workspaceId: number,
  now: number,
  intervalMs: number,
): Promise<number> {
  const fittedAt = (await store.analytics.latestFit(workspaceId))?.fittedAt;
  return fittedAt === undefined ? now : Math.max(now, fittedAt + intervalMs);
}
