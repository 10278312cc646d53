import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProgress, Progress } from './progress.ts';

function setup(tty: boolean) {
  const clock = { t: 0 };
  const out: string[] = [];
  const progress = new Progress({
    total: 1000,
    tty,
    columns: 100,
    write: (s) => out.push(s),
    now: () => clock.t,
  });
  return { clock, out, progress };
}

test('on a terminal: nothing in the first second, then at most one redraw per 100 ms', () => {
  const { clock, out, progress } = setup(true);
  for (clock.t = 0; clock.t < 1000; clock.t += 10) progress.update(clock.t / 10, clock.t);
  assert.equal(out.length, 0);
  for (clock.t = 1000; clock.t < 2000; clock.t += 10) progress.update(clock.t / 10, clock.t);
  assert.equal(out.length, 10);
  assert.ok(out.every((s) => s.startsWith('\r\x1b[2K[')));
  assert.ok(out.every((s) => !s.includes('\n')));
  progress.log('line 7: bad');
  assert.deepEqual(out.slice(-2), ['\r\x1b[2K', 'line 7: bad\n']);
  progress.clear();
  assert.equal(out.length, 12, 'nothing to clear once the bar is gone');
});

test('elsewhere: a plain line every five seconds at most', () => {
  const { clock, out, progress } = setup(false);
  for (clock.t = 0; clock.t <= 12_000; clock.t += 50) progress.update(Math.min(1000, clock.t / 12), clock.t);
  assert.equal(out.length, 2);
  assert.ok(out.every((s) => s.endsWith('\n') && !s.includes('\x1b')));
  assert.match(out[0], /^ 41\.7%/);
  progress.log('line 3: bad');
  progress.clear();
  assert.deepEqual(out.slice(2), ['line 3: bad\n']);
});

test('the line shows percent, bytes, rows, rate and time left', () => {
  assert.equal(
    formatProgress({ bytes: 512, total: 2048, rows: 300, seconds: 3 }),
    ' 25.0%  512 B of 2.0 KB  300 rows  100 rows/s  ETA 9s',
  );
  assert.equal(
    formatProgress({ bytes: 5 * 1024 ** 2, total: 10 * 1024 ** 2, rows: 9, seconds: 90 }, 10),
    '[#####.....]  50.0%  5.0 MB of 10.0 MB  9 rows  0 rows/s  ETA 1m30s',
  );
  assert.match(formatProgress({ bytes: 0, total: 10, rows: 0, seconds: 0 }), /ETA \?$/);
});
