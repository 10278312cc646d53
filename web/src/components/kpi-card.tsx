import { useId } from 'react';
import type { KpiResultView } from '../../../src/contract/index.ts';
import { kpiValue } from '../format.ts';

/** The change between the last two periods that have a value, or null when there are not two. */
export function trend(series: KpiResultView['series']): number | null {
  const values = series.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length < 2) return null;
  const [prev, last] = values.slice(-2);
  return prev === 0 ? null : (last - prev) / Math.abs(prev);
}

/** A headline KPI: its value over the range, the trend of its last period, and its exact formula on hover or focus. */
export function KpiCard({ kpi }: { kpi: KpiResultView }) {
  const id = useId();
  const change = trend(kpi.series);
  return (
    <article className="card kpi" data-kpi={kpi.id}>
      <h3>{kpi.name}</h3>
      <p className="value">{kpiValue(kpi.value, kpi.unit)}</p>
      {change !== null && (
        <p className={change >= 0 ? 'up' : 'down'}>
          <span aria-hidden="true">{change >= 0 ? '▲' : '▼'}</span> {Math.abs(change * 100).toFixed(1)}%{' '}
          <span className="muted">on the period before</span>
        </p>
      )}
      <span className="formula">
        <button type="button" className="ghost small" aria-describedby={id}>
          How is it counted?
        </button>
        <span role="tooltip" id={id}>
          {kpi.definition.formula}
        </span>
      </span>
    </article>
  );
}
