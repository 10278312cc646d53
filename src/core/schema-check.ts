/**
 * Type-level checks that a response schema and the type the code computes describe the same shape:
 * `Holds<Same<Static<typeof S>, T>>` fails to type-check when a field is added to, removed from or
 * retyped in one of them. No runtime code.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Holds<T extends true> = T;
