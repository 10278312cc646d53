/** The three inputs `loopline import` reads. */
export const IMPORT_FORMATS = ['ndjson', 'csv', 'cdnow'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The text of a file, one physical line per item, without its line break; line 1 comes first. */
export type Lines = AsyncIterable<string> | Iterable<string>;

/**
 * One row of an input: a raw Segment message still to be validated, or why the row could not become one.
 * `line` is the (1-based) line the row starts on, so that a CSV record spanning lines is reported where
 * it begins.
 */
export type ParsedRow = { line: number; message: unknown } | { line: number; error: string };

/** Turns the lines of one format into rows. Parsers are pure: no I/O, no clock. */
export type RowParser = (lines: Lines) => AsyncGenerator<ParsedRow>;
