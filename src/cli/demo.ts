import { buildServer, DEFAULT_WEB_DIST, firstRunGuide, type GuideKeys } from '../app/index.ts';
import { AppError, DAY } from '../core/index.ts';
import {
  createDemoWorkspace,
  demoSummary,
  formatSummary,
  type LoadReport,
  liveMessages,
  loadDemo,
  Simulation,
  streamLive,
} from '../demo/index.ts';
import { openContext } from './context.ts';
import { dashboardAccess } from './dashboard-access.ts';
import { type DemoOptions, HELP, parseDemoOptions } from './demo-options.ts';

/** The userId of the simulated buyer with the most orders: someone worth looking up. */
function mostLoyal(sim: Simulation): string | undefined {
  let best = sim.customers[0];
  for (const c of sim.customers) if (c.userId && c.orders > (best?.orders ?? 0)) best = c;
  return best?.userId ?? undefined;
}

const secs = (s: number) => `${s.toFixed(1)} s`;

function timings(r: LoadReport): string {
  return (
    `loaded ${r.stored.toLocaleString('en')} events and ${r.spendRows.toLocaleString('en')} rows of ad spend (day × campaign) in ${secs(r.seconds.total)}: ` +
    `generate + ingest ${secs(r.seconds.ingest)}, lifecycle engine ${secs(r.seconds.engine)}, ` +
    `prediction fit ${secs(r.seconds.predictions)}` +
    (r.fit ? `; predicted CLV stored for ${r.fit.written.toLocaleString('en')} buyers` : '')
  );
}

/** `loopline demo`: a living demo workspace in one command. */
export async function run(args: string[]): Promise<number> {
  const o = parseDemoOptions(args);
  if (!o) {
    console.log(HELP);
    return 0;
  }
  const context = await openContext();
  const { config, clock } = context;
  let store = context.store;
  const now = clock.now();
  const sim = new Simulation(o.business, { customers: o.customers, months: o.months, seed: o.seed, now });
  let guide: GuideKeys;
  try {
    if (await store.workspaces.getByName(o.workspace)) {
      throw new AppError(
        'conflict',
        `workspace "${o.workspace}" exists; load another with --workspace NAME (loopline start serves this one)`,
      );
    }
    const demo = await createDemoWorkspace(store, {
      name: o.workspace,
      preset: o.preset,
      at: sim.firstDay * DAY,
      analytics: o.business.analytics,
    });
    const url = config.publicUrl ?? `http://localhost:${config.port}`;
    // Printed once to the terminal, never logged: only the digests are stored.
    process.stdout.write(
      `Workspace "${o.workspace}": ${o.business.title}, ${o.customers.toLocaleString('en')} people over ${o.months} months (seed ${o.seed}, preset ${o.preset}).\n` +
        `  write key  (ingest, /v1)          ${demo.writeKey}\n  secret key (admin API, /api/v1)   ${demo.secretKey}\n` +
        '(shown only now)\n\n',
    );
    const tty = process.stderr.isTTY === true;
    const report = await loadDemo({
      store,
      workspace: demo.workspace,
      simulation: sim,
      now,
      onProgress: (p) => {
        if (tty)
          process.stderr.write(
            `\rloading: day ${p.days} of ${p.of}, ${p.events.toLocaleString('en')} events`,
          );
      },
    });
    if (tty) process.stderr.write('\n');
    guide = {
      url,
      writeKey: demo.writeKey,
      secretKey: demo.secretKey,
      workspace: o.workspace,
      userId: mostLoyal(sim),
    };
    console.log(timings(report));
    const summary = await demoSummary(store, demo.workspace.id, {
      funnel: o.business.funnel,
      from: report.firstDay,
      now,
    });
    console.log(`\n${formatSummary(summary)}\n`);
    if (!o.live) {
      console.log(
        `Serve it with loopline start (or loopline demo --live next time), then:\n${firstRunGuide(guide)}`,
      );
      return 0;
    }
  } finally {
    await store.close();
  }
  // The server runs the engine on the store's writer thread, as loopline start does.
  store = (await openContext({ engine: true })).store;
  return await serveLive(o, sim, guide, { ...context, store });
}

async function serveLive(
  o: DemoOptions,
  sim: Simulation,
  guide: GuideKeys,
  context: Awaited<ReturnType<typeof openContext>>,
): Promise<number> {
  const { config, store, clock, logger } = context;
  const setupToken = await dashboardAccess(store, clock, config);
  const server = await buildServer({ config, store, clock, logger, setupToken, webDist: DEFAULT_WEB_DIST });
  try {
    await server.app.listen({ port: config.port, host: config.host });
    const url = `http://localhost:${config.port}`;
    console.log(`Loopline is serving ${url} with live traffic: ${o.rate} events a second. Ctrl-C stops.\n`);
    console.log(firstRunGuide(guide));
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    const totals = await streamLive({
      url,
      writeKey: guide.writeKey!,
      messages: liveMessages(sim),
      rate: o.rate,
      clock,
      signal: stop.signal,
    });
    console.log(
      `\nsent ${totals.sent} live events: ${totals.stored} stored, ${totals.failedRequests} failed requests`,
    );
    return 0;
  } finally {
    await server.close();
    await store.close();
  }
}
