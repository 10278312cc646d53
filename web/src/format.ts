import type { KpiResultView } from '../../src/contract/index.ts';

const number = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const money = new Intl.NumberFormat('en', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export const count = (n: number) => new Intl.NumberFormat('en').format(n);

/** A KPI value in its unit, or a dash when there is nothing to compute it from. */
export function kpiValue(value: number | null, unit: KpiResultView['unit']): string {
  if (value === null) return '—';
  if (unit === 'ratio') return `${number.format(value * 100)}%`;
  if (unit === 'money') return money.format(value);
  if (unit === 'duration_ms') return duration(value);
  return number.format(value);
}

export function duration(ms: number): string {
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.round(ms / 60_000)} min`;
  if (h < 48) return `${number.format(h)} h`;
  return `${number.format(h / 24)} days`;
}

export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

export const percent = (ratio: number | null) => (ratio === null ? '—' : `${number.format(ratio * 100)}%`);
