import { randomUUID } from 'node:crypto';

/**
 * A Segment-shaped workload: events from a pool of people, some anonymous and some identified, a tenth
 * of them identify calls with traits, so identity resolution does real work on every batch.
 */
export class Workload {
  #seq = 0;
  readonly #people: number;
  readonly #runId = randomUUID().slice(0, 8);

  constructor(people = 100_000) {
    this.#people = people;
  }

  message(): Record<string, unknown> {
    const n = this.#seq++;
    const person = (n * 7919) % this.#people;
    const identified = person % 3 !== 0;
    const base = {
      messageId: `${this.#runId}-${n}`,
      anonymousId: `anon-${person}`,
      ...(identified ? { userId: `user-${person}` } : {}),
      timestamp: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
      context: {
        ip: '203.0.113.7',
        library: { name: 'bench', version: '1' },
        page: { path: '/products/42' },
      },
    };
    const kind = n % 10;
    if (kind === 0) {
      return {
        ...base,
        type: 'identify',
        traits: { email: `p${person}@example.com`, plan: person % 2 ? 'pro' : 'free' },
      };
    }
    if (kind < 4)
      return { ...base, type: 'page', name: 'Product', properties: { path: '/products/42', title: 'Shoe' } };
    return {
      ...base,
      type: 'track',
      event: kind < 8 ? 'Product Viewed' : 'Order Completed',
      properties: {
        product_id: `sku-${n % 500}`,
        price: 49.9,
        revenue: kind < 8 ? 0 : 99.8,
        currency: 'EUR',
      },
    };
  }

  #templates = new Map<number, string[]>();
  #bodies = 0;

  /**
   * One /v1/batch body of `size` messages with message ids never sent before. Bodies are made from a
   * few templates by renaming the ids, so that the load generator, which shares the machine with the
   * server, spends its core sending rather than building JSON.
   */
  batchBody(size: number): string {
    let templates = this.#templates.get(size);
    if (!templates) {
      templates = Array.from({ length: 16 }, () =>
        JSON.stringify({ batch: Array.from({ length: size }, () => this.message()), sentAt: '@SENT@' }),
      );
      this.#templates.set(size, templates);
    }
    const n = this.#bodies++;
    return templates[n % templates.length]
      .replaceAll(`"messageId":"${this.#runId}-`, `"messageId":"${this.#runId}.${n}-`)
      .replaceAll('"timestamp":"2026-', `"timestamp":"${2026 + Math.floor(n / templates.length)}-`)
      .replace('@SENT@', new Date().toISOString());
  }
}
