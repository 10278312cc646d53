/** Time source for everything time-based, so that tests drive time instead of sleeping. */
export type Clock = { now(): number };

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number | string | Date = '2026-01-01T00:00:00Z') {
    this.#now = new Date(start).getTime();
  }
  now(): number {
    return this.#now;
  }
  set(at: number | string | Date): void {
    this.#now = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}
