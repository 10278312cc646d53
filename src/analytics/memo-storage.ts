import type { AnalyticsStorage } from './analytics-store.ts';

/**
 * The analytics reads with each distinct call answered once: a report made of several analyses (the
 * overview: stage counts and moves, then KPIs that read them again) shares what they have in common.
 * Results are shared, so callers must not change them. Meant for one request, never kept.
 */
export function memoStorage(storage: AnalyticsStorage): AnalyticsStorage {
  const memo = new Map<string, Promise<unknown>>();
  // The proxy stands on an empty object, not on the storage itself, so that it may answer with its own
  // functions whatever the storage's properties are (frozen, instrumented).
  return new Proxy({} as AnalyticsStorage, {
    get(_, prop) {
      const value = Reflect.get(storage, prop);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const key = `${String(prop)}:${JSON.stringify(args)}`;
        let result = memo.get(key);
        if (!result) {
          result = value.apply(storage, args) as Promise<unknown>;
          memo.set(key, result);
        }
        return result;
      };
    },
  });
}
