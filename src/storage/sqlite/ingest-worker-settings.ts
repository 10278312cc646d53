/**
 * Page cache of the writer thread's connection: its index pages for ingest, and the customers' states
 * and logs the lifecycle engine reads. Most of the server's resident memory beside the two JavaScript
 * heaps; 64 MB held the server at 320 MB while 5M events went in, 32 MB at 267 MB, at the same rate
 * (bench/ingest's soak). A page it lacks comes from the OS page cache.
 */
export const WRITER_CACHE_MB = 32;
