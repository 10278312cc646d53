import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import type { JourneyMapView, StageFlowView } from '../../../src/contract/index.ts';
import { api, qs } from '../api.ts';
import { Chart } from '../chart.tsx';
import { Empty, ErrorNote, Loading } from '../components/notes.tsx';
import { count, duration, percent } from '../format.ts';
import { journeyMapRoute, RANGES } from '../router.tsx';
import { useLifecycle } from './customers.tsx';

const DAY = 86_400_000;

/**
 * Stage flow as a Sankey. Flows go both ways (a lapse and a comeback), and a Sankey must not loop, so
 * each stage appears twice: where moves left from (left column) and where they led (right column).
 */
export function sankeyOption(links: StageFlowView['totals'], names: Map<string, string>) {
  const label = (key: string | null) => (key === null ? 'New customers' : (names.get(key) ?? key));
  const from = (key: string | null) => `${label(key)} →`;
  const to = (key: string) => `→ ${label(key)}`;
  const nodes = new Set<string>();
  for (const l of links) nodes.add(from(l.from)).add(to(l.to));
  return {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 120,
        emphasis: { focus: 'adjacency' },
        data: [...nodes].map((name) => ({ name })),
        links: links.map((l) => ({ source: from(l.from), target: to(l.to), value: l.count })),
      },
    ],
  };
}

export function JourneyMapPage() {
  const { range = '30d' } = journeyMapRoute.useSearch();
  const from = new Date(
    Math.floor(Date.now() / DAY) * DAY - (Number.parseInt(range, 10) - 1) * DAY,
  ).toISOString();
  const map = useQuery({
    queryKey: ['journey-map', from],
    queryFn: () => api<JourneyMapView>(`/analytics/journey-map${qs({ from })}`),
  });
  const flow = useQuery({
    queryKey: ['stage-flow', from, 'total'],
    queryFn: () => api<StageFlowView>(`/analytics/stage-flow${qs({ from })}`),
  });
  const lifecycle = useLifecycle();
  const names = useMemo(
    () => new Map((lifecycle.data?.model?.stages ?? []).map((s) => [s.key, s.name])),
    [lifecycle.data],
  );
  const option = useMemo(() => sankeyOption(flow.data?.totals ?? [], names), [flow.data, names]);
  const time = new Map((flow.data?.timeInStage ?? []).map((t) => [t.stage, t]));

  return (
    <>
      <div className="heading">
        <h1>Journey map</h1>
        <nav className="filters" aria-label="Range">
          {RANGES.map((r) => (
            <Link key={r} to="/journey" search={{ range: r }} aria-current={r === range ? 'true' : undefined}>
              Last {r.replace('d', ' days')}
            </Link>
          ))}
        </nav>
      </div>
      {map.isPending && <Loading what="the journey map" />}
      {map.error && <ErrorNote error={map.error} what="Loading the journey map" />}
      {map.data?.stages.every((s) => s.events === 0) && (
        <Empty title="No touchpoints in this range">
          <p>
            Events become touchpoints by the rules in the touchpoint settings (page paths, event names,
            channels); send events, or widen the range.
          </p>
        </Empty>
      )}
      {map.data && (
        <div className="journey">
          {map.data.stages.map((s) => {
            const t = time.get(s.stage);
            return (
              <section
                key={s.stage}
                className="card column"
                aria-labelledby={`col-${s.stage}`}
                data-column={s.stage}
              >
                <h2 id={`col-${s.stage}`}>{names.get(s.stage) ?? s.stage}</h2>
                <p className="muted">
                  {count(s.customers)} customers · {count(s.events)} events
                  {t?.ended.median != null && <> · median {duration(t.ended.median)} in stage</>}
                </p>
                <ul className="touchpoints">
                  {s.touchpoints.map((tp) => (
                    <li key={tp.touchpoint}>
                      <strong>{tp.touchpoint}</strong>
                      <span className="muted">
                        {count(tp.customers)} people · {percent(tp.toNextRate)} to{' '}
                        {s.next ? (names.get(s.next) ?? s.next) : 'next'}
                      </span>
                    </li>
                  ))}
                </ul>
                {s.stuck > 0 && (
                  <p>
                    <strong>{count(s.stuck)}</strong> went no further
                    {s.dropOffs[0] && (
                      <>
                        , most after <em>{s.dropOffs[0].touchpoint}</em> ({percent(s.dropOffs[0].share)})
                      </>
                    )}
                  </p>
                )}
              </section>
            );
          })}
        </div>
      )}
      <section aria-labelledby="sankey-title">
        <h2 id="sankey-title">Stage flow</h2>
        {flow.error && <ErrorNote error={flow.error} what="Loading the stage flow" />}
        {flow.data && flow.data.totals.length > 0 && (
          <Chart option={option} height={360} label="Sankey diagram of moves between stages in the range" />
        )}
        <p className="rule">
          Counting rule: every stage move in the range, from the stage left (or as a new customer) to the
          stage entered.
        </p>
      </section>
    </>
  );
}
