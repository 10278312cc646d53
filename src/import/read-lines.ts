import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export type LineReader = {
  lines: AsyncIterable<string>;
  /** File size in bytes, for progress. */
  size: number;
  /** Bytes read from the file so far. readline pauses the stream while its consumer is busy, so this
   * follows the rows actually processed, within one 64 KB chunk. */
  bytesRead(): number;
};

/**
 * Streams a UTF-8 file line by line (LF, CRLF or CR line breaks), without a leading byte-order mark,
 * holding only a chunk in memory however large the file.
 */
export async function readLines(file: string): Promise<LineReader> {
  const { size } = await stat(file);
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  async function* lines(): AsyncGenerator<string> {
    let first = true;
    try {
      for await (const line of reader) {
        yield first && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
        first = false;
      }
    } finally {
      reader.close();
      stream.destroy();
    }
  }
  return { lines: lines(), size, bytesRead: () => stream.bytesRead };
}

/** The first line of a file that is not blank (looking at its first 64 KB), for format detection. */
export async function firstLine(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  } finally {
    await handle.close();
  }
}
