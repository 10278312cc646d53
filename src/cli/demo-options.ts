import { parseArgs } from 'node:util';
import { AppError } from '../core/index.ts';
import { apparelStore, type Business, fitnessApp } from '../demo/index.ts';
import { PRESET_NAMES, type PresetName } from '../lifecycle/index.ts';

const BUSINESSES: Record<string, Business> = { apparel: apparelStore, 'fitness-app': fitnessApp };

export const HELP = `Usage: loopline demo [--business apparel|fitness-app] [--customers N] [--months M] [--seed S]
                    [--workspace NAME] [--preset ${PRESET_NAMES.join('|')}] [--live] [--rate EVENTS_PER_SEC]

Creates a demo workspace (default "demo") with its own keys, printed once, and loads a simulated
business whose history ends now: --business apparel (default), an online apparel store, or
fitness-app, a subscription app. --customers people (default 50000) arrive over --months (default 18);
the same --seed (default 1) gives the same history. The lifecycle follows --preset (default clm-5).
Prints how long each phase took and what the data shows: customers per stage, a funnel, cohorts, CAC
and CLV by channel. An existing workspace is never reloaded: choose another --workspace name.

--live then serves Loopline here (like loopline start) and keeps the business going: --rate events a
second (default 20) through the public ingest API with the workspace's write key, until Ctrl-C.`;

export type DemoOptions = {
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

/** The options of `loopline demo`, checked; null when --help asked for the usage. */
export function parseDemoOptions(args: string[]): DemoOptions | null {
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
