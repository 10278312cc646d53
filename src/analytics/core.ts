// The pure computational core of analytics: functions over rows the storage layer hands over.
export {
  ATTRIBUTION_MODELS,
  type AttributionModel,
  type AttributionOptions,
  type AttributionResult,
  type Conversion,
  type Credit,
  computeAttribution,
  DEFAULT_LOOKBACK_MS,
  type ModelCredit,
  NO_TOUCH,
  NOT_SET,
  type Touch,
} from './attribution.ts';
export {
  type Cohort,
  type CohortActivity,
  type CohortAverage,
  type CohortMember,
  type CohortOptions,
  type CohortTable,
  computeCohorts,
} from './cohorts.ts';
export {
  computeFunnel,
  FUNNEL_ORDERS,
  type FunnelGroup,
  type FunnelOptions,
  type FunnelOrder,
  type FunnelResult,
  type FunnelRow,
  type FunnelSpec,
  type FunnelStep,
  funnelCustomers,
  NONE_GROUP,
  OTHER_GROUP,
} from './funnel.ts';
export {
  computeJourneyMap,
  type DropOffPoint,
  type JourneyEvent,
  type JourneyOptions,
  type JourneyStage,
  type JourneyTouchpoint,
} from './journey-map.ts';
export {
  type ActivityEvent,
  computeLifecycleChart,
  type FirstSeen,
  type LifecycleChartOptions,
  type LifecyclePeriod,
} from './lifecycle-chart.ts';
export {
  nextPeriod,
  PERIOD_UNITS,
  type PeriodUnit,
  periodFromIndex,
  periodIndex,
  periodLabel,
  periodStart,
  periodsBetween,
} from './periods.ts';
export {
  computeStageFlow,
  type StageConversion,
  type StageFlowOptions,
  type StageFlowPeriod,
  type StageFlowResult,
  type StageLink,
  type StageMove,
  type StageTime,
  type TimeToStage,
} from './stage-flow.ts';
export { median, percentile, percentileOfSorted, type Summary, summarize } from './stats.ts';
