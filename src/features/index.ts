export { decodeFeatures, encodeFeatures } from './codec.ts';
export { Feature } from './feature.ts';
export { type FeatureMap, FeaturePlan, type LogFilter } from './feature-plan.ts';
export { type FeatureEvent, matchesSpec, numericProperty, readPath } from './match.ts';
