import { Feature } from './feature.ts';
import type { FeatureMap } from './feature-plan.ts';

type Encoded = [
  n: number,
  first: number | null,
  last: number | null,
  valued: number,
  sum: number,
  low: number,
  high: number,
  entries: number[],
  stride?: 6,
];

/**
 * Features as stored: a JSON object of compact arrays, one per feature key. Small on disk and quick to
 * parse, since every event of a customer reads and writes them.
 */
export function encodeFeatures(features: FeatureMap): string {
  const out: Record<string, Encoded> = {};
  for (const [key, f] of features) {
    const row: Encoded = [f.n, f.firstAt, f.lastAt, f.valued, f.total, f.low, f.high, f.entries];
    if (f.stride === 6) row.push(6);
    out[key] = row;
  }
  return JSON.stringify(out);
}

/** The inverse of `encodeFeatures`; an empty map for empty or unreadable text. */
export function decodeFeatures(text: string | null | undefined): FeatureMap {
  const features: FeatureMap = new Map();
  if (!text || text === '{}') return features;
  const parsed = JSON.parse(text) as Record<string, Encoded>;
  for (const key of Object.keys(parsed)) {
    const [n, first, last, valued, sum, low, high, entries, stride] = parsed[key]!;
    const f = new Feature(stride === 6);
    f.n = n;
    f.firstAt = first;
    f.lastAt = last;
    f.valued = valued;
    f.total = sum;
    f.low = low;
    f.high = high;
    f.entries = entries;
    features.set(key, f);
  }
  return features;
}
