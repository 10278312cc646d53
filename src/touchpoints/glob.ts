/** Tests one string against a compiled glob (or list of globs). */
export type GlobMatcher = (value: string) => boolean;

/** How a glob list is compiled. */
export type GlobOptions = {
  /**
   * Let a pattern that does not end in `*` or `/` also match with one trailing slash, so that
   * `/pricing` matches `/pricing/` too: sites serve both and nobody means to tell them apart.
   */
  trailingSlash?: boolean;
  /**
   * Remember answers per value, for fields with few distinct values (utm tags, channels, referrer hosts):
   * a map lookup is several times cheaper than a regex of many alternatives.
   */
  memo?: boolean;
};

/** Distinct values a memoized matcher remembers before it starts over. */
const MEMO_LIMIT = 1024;

const REGEX_SPECIALS = /[.+?^${}()|[\]\\/]/g;

function patternSource(pattern: string, options: GlobOptions): string {
  // `*` is the only wildcard; `?` stays literal because it is the query separator in URLs.
  let source = pattern
    .split('*')
    .map((part) => part.replace(REGEX_SPECIALS, '\\$&'))
    .join('.*');
  if (options.trailingSlash && !pattern.endsWith('*') && !pattern.endsWith('/')) source += '/?';
  return source;
}

/**
 * Compiles one glob or a list of them into a single case-insensitive, anchored test. `*` matches any
 * run of characters, `/` and `.` included. Built once per rule so that matching is a single regex test
 * with no allocation.
 * @example compileGlob(['/blog', '/blog/*'], { trailingSlash: true })('/Blog/launch') // true
 */
export function compileGlob(patterns: string | readonly string[], options: GlobOptions = {}): GlobMatcher {
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  if (list.length === 1 && list[0] === '*') return (value) => value.length > 0;
  const regex = new RegExp(`^(?:${list.map((p) => patternSource(p, options)).join('|')})$`, 'i');
  if (!options.memo) return (value) => regex.test(value);
  const seen = new Map<string, boolean>();
  return (value) => {
    let result = seen.get(value);
    if (result === undefined) {
      if (seen.size >= MEMO_LIMIT) seen.clear();
      result = regex.test(value);
      seen.set(value, result);
    }
    return result;
  };
}
