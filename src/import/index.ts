export { cdnowRows } from './cdnow.ts';
export { csvRows, csvValue } from './csv.ts';
export { CsvParser, type CsvRecord, MAX_CSV_FIELD_CHARS } from './csv-parser.ts';
export { detectFormat } from './detect-format.ts';
export { ImportError } from './import-error.ts';
export { importMessageId } from './message-id.ts';
export { ndjsonRows } from './ndjson.ts';
export {
  IMPORT_FORMATS,
  type ImportFormat,
  type Lines,
  type ParsedRow,
  type RowParser,
} from './parsed-row.ts';
export { formatProgress, Progress, type ProgressOptions } from './progress.ts';
export { firstLine, type LineReader, readLines } from './read-lines.ts';
export {
  DEFAULT_BATCH_SIZE,
  type ImportCounts,
  type ImportOptions,
  type ImportSummary,
  ROW_PARSERS,
  runImport,
} from './run-import.ts';
