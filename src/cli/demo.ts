import { parseArgs } from 'node:util';
import { buildServer, firstRunGuide, type GuideKeys } from '../app/index.ts';
import { AppError } from '../core/index.ts';
import {
  apparelStore,
  type Business,
  createDemoWorkspace,
  demoSummary,
  fitnessApp,
  formatSummary,
  type LoadReport,
  liveMessages,
  loadDemo,
  Simulation,
  streamLive,
} from '../demo/index.ts';
import { PRESET_NAMES, type PresetName } from '../lifecycle/index.ts';
import { openContext } from './context.ts';

const BUSINESSES: Record<string, Business> = { apparel: apparelStore, 'fitness-app': fitnessApp };

const HELP = `Usage: loopline demo [--business apparel|fitness-app] [--customers N] [--months M] [--seed S]
                    [--workspace NAME] [--preset ${PRESET_NAMES.join('|')}] [--live] [--rate EVENTS_PER_SEC]

Creates a demo workspace (default "demo") with its own keys, printed once, and loads a simulated
business whose history ends now: --business apparel (default), an online apparel store, or
fitness-app, a subscription app. --customers people (default 50000) arrive over --months (default 18);
the same --seed (default 1) gives the same history. The lifecycle follows --preset (default clm-5).
Prints how long each phase took and what the data shows: customers per stage, a funnel, cohorts, CAC
and CLV by channel. An existing workspace is never reloaded: choose another --workspace name.

--live then serves Loopline here (like loopline start) and keeps the business going: --rate events a
second (default 20) through the public ingest API with the workspace's write key, until Ctrl-C.`;

type DemoOptions = {
  business: Business;
  customers: number;
  months: number;
  seed: string;
  workspace: string;
  preset: PresetName;
  live: boolean;
  rate: number;
};

function whole(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new AppError('bad_request', `--${name} must be a whole number from 1 to ${max}, not "${value}"`);
  }
  return n;
}

function parse(args: string[]): DemoOptions | null {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      business: { type: 'string' },
      customers: { type: 'string' },
      months: { type: 'string' },
      seed: { type: 'string' },
      workspace: { type: 'string' },
      preset: { type: 'string' },
      live: { type: 'boolean' },
      rate: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  if (positionals.length) throw new AppError('bad_request', `unexpected "${positionals[0]}"\n${HELP}`);
  const business = BUSINESSES[values.business ?? 'apparel'];
  if (!business) {
    throw new AppError(
      'bad_request',
      `--business is ${Object.keys(BUSINESSES).join(' or ')}, not "${values.business}"`,
    );
  }
  const preset = (values.preset ?? 'clm-5') as PresetName;
  if (!PRESET_NAMES.includes(preset)) {
    throw new AppError('bad_request', `--preset is one of ${PRESET_NAMES.join(', ')}, not "${preset}"`);
  }
  const workspace = values.workspace ?? 'demo';
  if (!/^[\w.-]{1,64}$/.test(workspace)) {
    throw new AppError('bad_request', '--workspace: 1-64 letters, digits, dots, dashes or underscores');
  }
  return {
    business,
    customers: whole(values.customers, 'customers', 50_000, 2_000_000),
    months: whole(values.months, 'months', 18, 120),
    seed: values.seed ?? '1',
    workspace,
    preset,
    live: values.live === true,
    rate: whole(values.rate, 'rate', 20, 100_000),
  };
}

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
  const o = parse(args);
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
    if (await store.getWorkspaceByName(o.workspace)) {
      throw new AppError(
        'conflict',
        `workspace "${o.workspace}" exists; load another with --workspace NAME (loopline start serves this one)`,
      );
    }
    const demo = await createDemoWorkspace(store, {
      name: o.workspace,
      preset: o.preset,
      at: sim.firstDay * 86_400_000,
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
  const server = await buildServer({ config, store, clock, logger });
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
