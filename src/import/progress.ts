export type ProgressOptions = {
  /** Bytes in the whole input. */
  total: number;
  write: (text: string) => void;
  /** A terminal gets a bar redrawn in place; anything else a plain line now and then. */
  tty: boolean;
  /** Terminal width, for the bar. */
  columns?: number;
  /** Milliseconds from some fixed point (performance.now by default); tests pass their own. */
  now?: () => number;
};

/** Nothing is shown for imports that end before this: a bar that flashes once tells nothing. */
const TTY_DELAY_MS = 1_000;
const TTY_INTERVAL_MS = 100;
const LINE_INTERVAL_MS = 5_000;

/**
 * Progress of a long import on stderr: on a terminal a bar redrawn at most ten times a second; otherwise
 * (a log file, CI) one line every five seconds at most. Both show bytes read of the file, rows, rows/s
 * and the time left, estimated from the bytes still to read.
 */
export class Progress {
  readonly #options: ProgressOptions;
  readonly #now: () => number;
  readonly #started: number;
  #next: number;
  #drawn = false;

  constructor(options: ProgressOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#started = this.#now();
    this.#next = this.#started + (options.tty ? TTY_DELAY_MS : LINE_INTERVAL_MS);
  }

  /** Reports where the import is; shows it only when it is time to. */
  update(bytes: number, rows: number): void {
    const now = this.#now();
    if (now < this.#next) return;
    this.#next = now + (this.#options.tty ? TTY_INTERVAL_MS : LINE_INTERVAL_MS);
    const state = { bytes, total: this.#options.total, rows, seconds: (now - this.#started) / 1000 };
    if (this.#options.tty) {
      const width = Math.max(10, Math.min(40, (this.#options.columns ?? 80) - 60));
      this.#options.write(`\r\x1b[2K${formatProgress(state, width)}`);
      this.#drawn = true;
    } else {
      this.#options.write(`${formatProgress(state)}\n`);
    }
  }

  /** Writes a line of its own (a rejected row) without mixing it into the bar; the bar comes back later. */
  log(line: string): void {
    this.clear();
    this.#options.write(`${line}\n`);
  }

  /** Removes the bar, before the summary is printed. */
  clear(): void {
    if (!this.#drawn) return;
    this.#options.write('\r\x1b[2K');
    this.#drawn = false;
  }
}

/**
 * One progress line; with a width, led by a bar that many characters wide.
 * @example formatProgress({ bytes: 512, total: 1024, rows: 10, seconds: 2 }) // ' 50.0%  512 B of 1.0 KB  10 rows  5 rows/s  ETA 2s'
 */
export function formatProgress(
  state: { bytes: number; total: number; rows: number; seconds: number },
  width?: number,
): string {
  const { bytes, total, rows, seconds } = state;
  const fraction = total > 0 ? Math.min(1, bytes / total) : 1;
  const rate = seconds > 0 ? rows / seconds : 0;
  const eta = seconds > 0 && bytes > 0 ? ((total - Math.min(bytes, total)) * seconds) / bytes : null;
  const parts = [
    `${(fraction * 100).toFixed(1).padStart(5)}%`,
    `${formatBytes(bytes)} of ${formatBytes(total)}`,
    `${rows} rows`,
    `${Math.round(rate)} rows/s`,
    `ETA ${eta === null ? '?' : formatDuration(eta)}`,
  ];
  if (width === undefined) return parts.join('  ');
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${parts.join('  ')}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
