import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import type { OverviewView, StageFlowView } from '../../../src/contract/index.ts';
import { api, qs } from '../api.ts';
import { Chart } from '../chart.tsx';
import { FirstRunGuide } from '../components/first-run.tsx';
import { KpiCard } from '../components/kpi-card.tsx';
import { ErrorNote, Loading } from '../components/notes.tsx';
import { count, percent } from '../format.ts';
import { overviewRoute, RANGES, UNITS } from '../router.tsx';

const DAY = 86_400_000;
const startOfToday = () => Math.floor(Date.now() / DAY) * DAY;
/** The overview refreshes itself, so a screen left open (the live demo) moves as events arrive. */
const LIVE_MS = 15_000;

export function OverviewPage() {
  const search = overviewRoute.useSearch();
  const navigate = useNavigate({ from: '/' });
  const range = search.range ?? '30d';
  const unit = search.unit ?? (range === '365d' ? 'month' : range === '90d' ? 'week' : 'day');
  // Whole UTC days, so the same link asks the same question all day (and the answers cache).
  const from = new Date(startOfToday() - (Number.parseInt(range, 10) - 1) * DAY).toISOString();
  const overview = useQuery({
    queryKey: ['overview', from, unit],
    queryFn: () => api<OverviewView>(`/analytics/overview${qs({ from, unit })}`),
    refetchInterval: LIVE_MS,
  });
  const flow = useQuery({
    queryKey: ['stage-flow', from, unit],
    queryFn: () => api<StageFlowView>(`/analytics/stage-flow${qs({ from, unit })}`),
  });
  const today = new Date(startOfToday()).toISOString();
  const moved = useQuery({
    queryKey: ['stage-flow', today, 'day'],
    queryFn: () => api<StageFlowView>(`/analytics/stage-flow${qs({ from: today, unit: 'day' })}`),
    refetchInterval: LIVE_MS,
  });

  const stages = overview.data?.stages ?? [];
  const names = new Map(stages.map((s) => [s.key, s.name]));
  const total = stages.reduce((n, s) => n + s.customers, 0);
  const nowOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: stages.map((s) => s.name) },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: stages.map((s) => s.customers), name: 'Customers now' }],
    }),
    [stages],
  );
  const flowOption = useMemo(() => {
    const periods = flow.data?.periods ?? [];
    const keys = flow.data?.stages ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: periods.map((p) => p.label) },
      yAxis: { type: 'value' },
      series: keys.map((key) => ({
        type: 'bar',
        stack: 'moves',
        name: names.get(key) ?? key,
        data: periods.map((p) => p.links.filter((l) => l.to === key).reduce((n, l) => n + l.count, 0)),
      })),
    };
  }, [flow.data, names]);

  return (
    <>
      <div className="heading">
        <h1>Overview</h1>
        <nav className="filters" aria-label="Range">
          {RANGES.map((r) => (
            <Link key={r} to="/" search={{ range: r }} aria-current={r === range ? 'true' : undefined}>
              Last {r.replace('d', ' days')}
            </Link>
          ))}
          <label>
            By{' '}
            <select
              value={unit}
              onChange={(e) =>
                navigate({ search: { range, unit: e.target.value as (typeof UNITS)[number] } })
              }
            >
              {UNITS.map((u) => (
                <option key={u}>{u}</option>
              ))}
            </select>
          </label>
        </nav>
      </div>
      {overview.isPending && <Loading what="the overview" />}
      {overview.error && <ErrorNote error={overview.error} what="Loading the overview" />}
      {overview.data && total === 0 && <FirstRunGuide />}
      {overview.data && (
        <>
          <section aria-labelledby="stages-title">
            <h2 id="stages-title">Customers per stage now</h2>
            <ul className="stages">
              {stages.map((s) => (
                <li key={s.key} className={`card stage ${s.kind}`} data-stage={s.key}>
                  <Link to="/customers" search={{ stage: s.key }}>
                    <span className="name">{s.name}</span>
                    <span className="count">{count(s.customers)}</span>
                  </Link>
                  <span className="muted">
                    +{count(s.entered)} in, −{count(s.exited)} out
                    {s.toNextRate !== null && <> · {percent(s.toNextRate)} to next</>}
                  </span>
                </li>
              ))}
            </ul>
            {total > 0 && <Chart option={nowOption} label="Bar chart of customers per stage now" />}
          </section>
          <section aria-labelledby="moved-title">
            <h2 id="moved-title">What moved today</h2>
            {moved.error && <ErrorNote error={moved.error} what="Loading today's moves" />}
            {moved.data && moved.data.totals.length === 0 && (
              <p className="muted">No stage moves yet today.</p>
            )}
            <ul className="moves">
              {moved.data?.totals.map((l) => (
                <li key={`${l.from}-${l.to}`}>
                  <strong>{count(l.count)}</strong>{' '}
                  {l.from ? `from ${names.get(l.from) ?? l.from} ` : 'new customers '}
                  into {names.get(l.to) ?? l.to}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="flow-title">
            <h2 id="flow-title">Moves into each stage, by {unit}</h2>
            {flow.error && <ErrorNote error={flow.error} what="Loading the stage flow" />}
            {flow.data && (
              <Chart option={flowOption} label={`Stacked bars of moves into each stage per ${unit}`} />
            )}
            <p className="rule">
              Counting rule: each stage move in the range counts once, in the period it happened, under the
              stage it led to.
            </p>
          </section>
          <section aria-labelledby="kpi-title">
            <h2 id="kpi-title">Headline KPIs</h2>
            <div className="kpis">
              {overview.data.kpis.map((k) => (
                <KpiCard key={k.id} kpi={k} />
              ))}
            </div>
          </section>
        </>
      )}
    </>
  );
}
