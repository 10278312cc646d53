import type { Json, JsonObject } from '../core/index.ts';
import type { ProfileState } from './types.ts';

/**
 * Applies traits set at `at` to a profile: per trait the later timestamp wins, so messages that arrive
 * out of order still leave the newest value. Returns whether anything changed.
 */
export function applyTraits(profile: ProfileState, traits: JsonObject, at: number): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(traits)) {
    const setAt = profile.traitTimes[key];
    if (setAt !== undefined && setAt > at) continue;
    if (setAt === at && sameJson(profile.traits[key], value)) continue;
    profile.traits[key] = value;
    profile.traitTimes[key] = at;
    changed = true;
  }
  return changed;
}

/** Folds the traits of a profile being merged away into the survivor, trait by trait. */
export function mergeTraits(into: ProfileState, from: ProfileState): void {
  for (const [key, value] of Object.entries(from.traits)) {
    const fromAt = from.traitTimes[key] ?? 0;
    const intoAt = into.traitTimes[key];
    if (intoAt === undefined || fromAt > intoAt) {
      into.traits[key] = value;
      into.traitTimes[key] = fromAt;
    }
  }
}

function sameJson(a: Json | undefined, b: Json): boolean {
  if (a === b) return true;
  if (a === undefined || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
