/**
 * The first whole millisecond after `now` at which the time-only predicate `holds` gives a different
 * answer than at `now`, given that it can change only at the moments in `boundaries` (ascending).
 *
 * Each boundary is computed with floating-point arithmetic (`ref + value · unitMs`), which may land a
 * millisecond away from where `holds`, computing `(t − ref) / unitMs`, actually flips. So instead of
 * trusting the formula, the few milliseconds around each boundary are tried with `holds` itself: the
 * answer is exact, and in particular never later than the real change.
 */
export function firstFlip(
  holds: (t: number) => boolean,
  now: number,
  boundaries: readonly number[],
): number | null {
  const current = holds(now);
  for (const b of boundaries) {
    if (!Number.isFinite(b)) continue;
    const base = Math.floor(b);
    for (let t = Math.max(Math.floor(now) + 1, base - 1); t <= base + 2; t++) {
      if (holds(t) !== current) return t;
    }
  }
  return null;
}
