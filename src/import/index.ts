export { cdnowRows } from './cdnow.ts';
export { detectFormat } from './detect-format.ts';
export { ImportError } from './import-error.ts';
export { IMPORT_FORMATS, type ImportFormat, type ParsedRow } from './parsed-row.ts';
export { Progress, type ProgressOptions } from './progress.ts';
export { firstLine, readLines } from './read-lines.ts';
export {
  DEFAULT_BATCH_SIZE,
  type ImportCounts,
  type ImportOptions,
  type ImportSummary,
  ROW_PARSERS,
  runImport,
} from './run-import.ts';
