/** The families of the product's "KPIs per stage" table (awareness is also Reach, acquisition Decision, service Usage). */
export type KpiStage =
  | 'awareness'
  | 'consideration'
  | 'acquisition'
  | 'conversion'
  | 'service'
  | 'retention'
  | 'loyalty'
  | 'advocacy'
  | 'lifecycle';

export const KPI_STAGES: readonly KpiStage[] = [
  'awareness',
  'consideration',
  'acquisition',
  'conversion',
  'service',
  'retention',
  'loyalty',
  'advocacy',
  'lifecycle',
];
