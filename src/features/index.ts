export { decodeFeatures, encodeFeatures } from './codec.ts';
export { type FeatureMap, FeaturePlan, type LogFilter } from './feature-plan.ts';
export { type FeatureEvent, matchesSpec, readPath } from './match.ts';
