/** An input that cannot be imported at all (an unusable CSV header, an undetectable format). */
export class ImportError extends Error {
  override name = 'ImportError';
}
