/**
 * A bounded map that keeps what was used recently: two generations, the current one taking writes and
 * hits; when it is full, it becomes the old one and the old one is dropped. An approximate LRU at the
 * cost of two Map lookups, with memory bounded by twice the generation size.
 */
export class RecentCache<K, V> {
  readonly #size: number;
  #current = new Map<K, V>();
  #previous = new Map<K, V>();

  constructor(generationSize: number) {
    this.#size = generationSize;
  }

  get(key: K): V | undefined {
    const hit = this.#current.get(key);
    if (hit !== undefined) return hit;
    const old = this.#previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.#current.size >= this.#size && !this.#current.has(key)) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    this.#current.set(key, value);
  }

  delete(key: K): void {
    this.#current.delete(key);
    this.#previous.delete(key);
  }

  clear(): void {
    this.#current.clear();
    this.#previous.clear();
  }
}
