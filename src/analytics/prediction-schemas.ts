import { type Static, Type } from 'typebox';
import type { Holds, Same } from '../core/index.ts';
import type { HoldoutComparison, PredictFitReport } from '../predict/index.ts';
import type { latestFitView } from './predictions.ts';

/** The prediction routes' answers, for OpenAPI and for the serializer. */
const Num = Type.Number();
const TimeUnit = Type.Union([Type.Literal('days'), Type.Literal('weeks')]);

const ModelReportSchema = Type.Object({
  converged: Type.Boolean(),
  iterations: Type.Integer(),
  logLikelihood: Num,
  customers: Type.Integer(),
  params: Type.Record(
    Type.String(),
    Type.Object({ estimate: Num, standardError: Type.Union([Num, Type.Null()]) }),
    { description: "Maximum-likelihood estimates in the fit's time unit, with standard errors" },
  ),
});

const Population = {
  purchaseRate: Num,
  dropoutProbability: Num,
  spendPerPurchase: Type.Union([Num, Type.Null()]),
};

const Fit = {
  unit: TimeUnit,
  customers: Type.Integer(),
  repeatCustomers: Type.Integer(),
  models: Type.Object({
    bgNbd: ModelReportSchema,
    gammaGamma: Type.Union([ModelReportSchema, Type.Null()]),
    paretoNbd: Type.Union([ModelReportSchema, Type.Null()]),
  }),
};

/** BG/NBD and Gamma-Gamma as fitted: parameters, standard errors and the population figures. */
export const FitReportSchema = Type.Object({
  ...Fit,
  population: Type.Object(Population, {
    description: 'Means implied by the fits, per unit of time and per purchase',
  }),
});

export const HoldoutSchema = Type.Object({
  model: Type.Union([Type.Literal('bg-nbd'), Type.Literal('pareto-nbd')]),
  unit: TimeUnit,
  forecast: Type.Array(Num, { description: 'Cumulative forecast repeat purchases at the end of period k' }),
  actual: Type.Array(Num),
  forecastTotal: Num,
  actualTotal: Num,
  newCustomers: Type.Integer({
    description: 'First purchase after calibration: neither forecast nor counted',
  }),
});

/** A fit on demand: the report, the holdout comparison of a calibration fit, customers scored. */
export const FitResultSchema = Type.Object({
  report: FitReportSchema,
  holdout: Type.Union([HoldoutSchema, Type.Null()]),
  stored: Type.Integer({ description: 'Customers whose predictions were stored (0 with `until`)' }),
});

/** The latest stored fit, with the population means the KPIs read; null before the first fit. */
export const LatestFitSchema = Type.Object({
  fit: Type.Union([
    Type.Object({
      fittedAt: Type.String({ format: 'date-time' }),
      ...Fit,
      population: Type.Object({
        ...Population,
        meanClv: Type.Union([Num, Type.Null()]),
        meanPAlive: Type.Union([Num, Type.Null()]),
      }),
    }),
    Type.Null(),
  ]),
});

export type FitReportView = Static<typeof FitReportSchema>;
export type HoldoutView = Static<typeof HoldoutSchema>;
export type FitResultView = Static<typeof FitResultSchema>;
export type LatestFitView = Static<typeof LatestFitSchema>;

// The shapes above and the types the code computes must not drift apart (see core/schema-check.ts).
export type PredictionShapesAgree = [
  Holds<Same<Static<typeof FitReportSchema>, PredictFitReport>>,
  Holds<Same<Static<typeof HoldoutSchema>, HoldoutComparison>>,
  Holds<Same<LatestFitView['fit'], ReturnType<typeof latestFitView>>>,
];
