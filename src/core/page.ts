/** One page of a keyset-paginated list; `next` is the cursor of the following page, null on the last. */
export type Page<T> = { items: T[]; next: string | null };
