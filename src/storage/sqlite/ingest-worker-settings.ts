/**
 * Page cache of the writer thread's connection. The lifecycle engine's recomputes read every customer's
 * state and log through it, which a small cache turns into page reads from the OS for each of them.
 */
export const WRITER_CACHE_MB = 64;
