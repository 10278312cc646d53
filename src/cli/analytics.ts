import { parseArgs } from 'node:util';
import {
  analyticsSettings,
  describeKpis,
  type KpiResult,
  kpiCsv,
  kpiReport,
  type Overview,
  overviewReport,
  rangeOf,
  selectKpis,
  type Unit,
} from '../analytics/index.ts';
import { DEFAULT_WORKSPACE } from '../app/index.ts';
import { AppError, HOUR } from '../core/index.ts';
import type { Store } from '../storage/index.ts';
import { openContext } from './context.ts';

const HELP = `Usage:
  loopline analytics overview [range] [--workspace NAME] [--json]
  loopline analytics kpis [range] [--ids a,b,...] [--stage FAMILY] [--workspace NAME] [--json|--csv]
  loopline analytics catalog [--workspace NAME] [--json]

Range: --from and --to (YYYY-MM-DD, UTC midnight, or an ISO date-time; default the 30 days up to now,
--to exclusive) and --unit day|week|month for the series (default by the range's length).

overview  every lifecycle stage with its customers now, entries, exits and conversion to the next
          stage in the range, beside the headline KPIs (the API's GET /api/v1/analytics/overview)
kpis      KPI values over the range and per period (GET /api/v1/analytics/kpis); --csv prints the
          same table as the API's ?format=csv
catalog   every KPI with its formula and the events it reads under the workspace's settings`;

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A KPI value as people read it: percentages for rates, thousands separators for counts. */
function shown(k: KpiResult): string {
  if (k.value === null) return '—';
  if (k.unit === 'ratio') return `${(k.value * 100).toFixed(1)}%`;
  if (k.unit === 'duration_ms') {
    const hours = k.value / HOUR;
    return hours < 48 ? `${number.format(hours)} h` : `${number.format(hours / 24)} days`;
  }
  return number.format(k.value);
}

function printOverview(o: Overview, from: number, to: number): void {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  console.log(`Stages (customers now; moves from ${day(from)} up to ${day(to)})`);
  console.log(
    `  ${'stage'.padEnd(22)}${'customers'.padStart(11)}${'entered'.padStart(10)}${'exited'.padStart(10)}  to next`,
  );
  for (const s of o.stages) {
    const rate = s.toNextRate === null ? '—' : `${(s.toNextRate * 100).toFixed(1)}%`;
    console.log(
      `  ${`${s.name}${s.kind === 'lapse' ? ' (lapse)' : ''}`.padEnd(22)}${number.format(s.customers).padStart(11)}${number
        .format(s.entered)
        .padStart(10)}${number.format(s.exited).padStart(10)}  ${rate}`,
    );
  }
  console.log('\nKPIs over the range');
  for (const k of o.kpis) console.log(`  ${k.name.padEnd(32)} ${shown(k)}`);
}

async function workspaceId(store: Store, name: string | undefined): Promise<number> {
  const wanted = name ?? DEFAULT_WORKSPACE;
  const ws = await store.workspaces.getByName(wanted);
  if (!ws) throw new AppError('not_found', `no workspace "${wanted}"`);
  return ws.id;
}

/** `loopline analytics`: the stage overview, KPI values and the KPI catalog, as the API computes them. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      unit: { type: 'string' },
      ids: { type: 'string' },
      stage: { type: 'string' },
      workspace: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command || !['overview', 'kpis', 'catalog'].includes(command)) {
    console.log(HELP);
    return values.help ? 0 : 1;
  }
  if (values.unit !== undefined && !['day', 'week', 'month'].includes(values.unit)) {
    throw new AppError('bad_request', `--unit is day, week or month, not ${values.unit}`);
  }
  if (values.csv && command !== 'kpis') throw new AppError('bad_request', '--csv is for kpis only');
  const { store, clock } = await openContext();
  try {
    const ws = await workspaceId(store, values.workspace);
    const now = clock.now();
    const range = { ...rangeOf({ from: values.from, to: values.to, unit: values.unit as Unit }, now), now };
    if (command === 'catalog') {
      const catalog = describeKpis(analyticsSettings((await store.workspaces.get(ws))?.settings.analytics));
      if (values.json) console.log(JSON.stringify({ items: catalog }, null, 2));
      else for (const k of catalog) console.log(`${k.id.padEnd(28)} ${k.name}\n  ${k.formula}`);
    } else if (command === 'overview') {
      const overview = await overviewReport(store, ws, range);
      if (values.json) console.log(JSON.stringify(overview, null, 2));
      else printOverview(overview, range.from, range.to);
    } else {
      const report = await kpiReport(store, ws, range, selectKpis(values));
      if (values.csv) process.stdout.write(kpiCsv(report.items));
      else if (values.json) console.log(JSON.stringify(report, null, 2));
      else for (const k of report.items) console.log(`${k.name.padEnd(36)} ${shown(k)}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
