/**
 * A seeded pseudo-random generator: mulberry32 (Tommy Ettinger's 32-bit generator), written here from its
 * published description. It is small, fast and passes the usual statistical batteries well enough for a
 * simulation; it is not for anything secret. Same seed, same sequence, on every platform.
 */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An item drawn with probability proportional to `weight(item)`. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += weight(item);
    let u = this.next() * total;
    for (const item of items) {
      u -= weight(item);
      if (u < 0) return item;
    }
    return items[items.length - 1]!;
  }

  /** An exponential waiting time with this mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A log-normal multiplier with median 1: exp(sigma · N(0, 1)). */
  spread(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }
}

/** A 32-bit seed from a text seed (FNV-1a), so `--seed demo` and `--seed 42` both work. */
export function seedOf(text: string | number): number {
  const s = String(text);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
