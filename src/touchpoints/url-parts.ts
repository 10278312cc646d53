/**
 * Allocation-free pieces of URL parsing. `new URL()` builds several objects per call and throws on the
 * relative or malformed URLs that trackers send, so the classifier scans strings by index instead and
 * slices only the one value it needs.
 */

/** Index where the host of `url` starts, past the scheme and a leading `www.`; -1 if it has none. */
export function hostStart(url: string): number {
  let start: number;
  const scheme = url.indexOf('://');
  // A scheme is short and comes first; a `://` further on belongs to a path or query.
  if (scheme > 0 && scheme < 32 && url.lastIndexOf('/', scheme - 1) === -1) start = scheme + 3;
  else if (url.startsWith('//')) start = 2;
  else return -1;
  // `www.` is dropped so that www.example.com and example.com read as one site, as people see them.
  const www =
    (url.charCodeAt(start) | 0x20) === 119 &&
    (url.charCodeAt(start + 1) | 0x20) === 119 &&
    (url.charCodeAt(start + 2) | 0x20) === 119 &&
    url.charCodeAt(start + 3) === 46;
  return www && hostEnd(url, start) > start + 4 ? start + 4 : start;
}

/** Index just past the host that starts at `start` (the port is not part of it). */
export function hostEnd(url: string, start: number): number {
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    // '/', '?', '#', ':'
    if (c === 47 || c === 63 || c === 35 || c === 58) return i;
  }
  return url.length;
}

/** Whether two hosts, given as ranges of two strings, are the same (ASCII case-insensitive). */
export function sameHost(
  a: string,
  aStart: number,
  aEnd: number,
  b: string,
  bStart: number,
  bEnd: number,
): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) {
    // OR-ing 0x20 lowercases ASCII letters and leaves the other host characters distinct enough here.
    if ((a.charCodeAt(aStart + i) | 0x20) !== (b.charCodeAt(bStart + i) | 0x20)) return false;
  }
  return true;
}

/** The path of an absolute or root-relative URL, without query or fragment; undefined if it has none. */
export function pathOf(url: string): string | undefined {
  let start = 0;
  const host = hostStart(url);
  if (host !== -1) {
    start = url.indexOf('/', hostEnd(url, host));
    if (start === -1) return '/';
  } else if (url.charCodeAt(0) !== 47) {
    return undefined;
  }
  let end = url.length;
  for (let i = start; i < end; i++) {
    const c = url.charCodeAt(i);
    if (c === 63 || c === 35) end = i;
  }
  return url.slice(start, end);
}

/** Index of the first character after `?` in a URL or search string, -1 when there is no query. */
export function queryStart(urlOrSearch: string): number {
  const q = urlOrSearch.indexOf('?');
  if (q === -1) return -1;
  const hash = urlOrSearch.indexOf('#');
  return hash !== -1 && hash < q ? -1 : q + 1;
}

/** Index of the first character of the value of `name` in the query from `from`, -1 if absent or empty. */
function valueStart(text: string, from: number, name: string): number {
  const hash = text.indexOf('#', from);
  const limit = hash === -1 ? text.length : hash;
  // A native substring search rejects the usual case, an absent parameter, without a loop here.
  for (let at = text.indexOf(name, from); at !== -1 && at < limit; at = text.indexOf(name, at + 1)) {
    const end = at + name.length;
    // Only a whole name counts: `xutm_source=` is not `utm_source=`.
    if ((at === from || text.charCodeAt(at - 1) === 38) /* & */ && text.charCodeAt(end) === 61 /* = */) {
      // An empty value (`gclid=&x`) counts as absent.
      return end + 1 >= limit || text.charCodeAt(end + 1) === 38 ? -1 : end + 1;
    }
  }
  return -1;
}

/** Whether the query starting at `from` has a non-empty `name` parameter. */
export function hasParam(text: string, from: number, name: string): boolean {
  return valueStart(text, from, name) !== -1;
}

/** The decoded, non-empty value of the query parameter `name`, reading from index `from`. */
export function paramValue(text: string, from: number, name: string): string | undefined {
  const start = valueStart(text, from, name);
  if (start === -1) return undefined;
  let end = start;
  let encoded = false;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    if (c === 38 || c === 35) break;
    if (c === 37 || c === 43) encoded = true; // '%' or '+'
  }
  const raw = text.slice(start, end);
  if (!encoded) return raw;
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw; // A malformed escape is still a usable label.
  }
}
