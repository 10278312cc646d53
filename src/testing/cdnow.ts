import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** shared/ beside the checkout holds both CDNOW logs in development. */
const SHARED = path.resolve(ROOT, '../shared/data/cdnow');
/**
 * The repository keeps the sample (2,357 customers, 228 KB; the public data set of Fader, Hardie & Lee
 * 2005) so that the tests against the published fits run in any clone, shared/ beside it or not.
 */
const FIXTURES = path.join(ROOT, 'test/fixtures/cdnow');

/** The path of a CDNOW file, or null when neither place has it (the master log is only in shared/). */
export function cdnowFile(name: 'CDNOW_sample.txt' | 'CDNOW_master.txt'): string | null {
  for (const dir of [SHARED, FIXTURES]) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return null;
}
