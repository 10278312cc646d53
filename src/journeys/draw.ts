/**
 * A number in [0, 1) fixed by `seed`: the same entry always draws the same holdout and variant, on
 * every server and after every retry, with no state to store before the draw. FNV-1a (32-bit) over
 * the seed's UTF-16 code units, then a final avalanche (the finaliser of MurmurHash3) so that seeds
 * that differ in one digit land far apart.
 */
export function draw(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}
