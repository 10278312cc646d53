/**
 * bench/journeys: journeys in the real server. Timers: BENCH_WAITING (1,000,000) customers waiting in a
 * journey, the server's memory, and how fast their timers fire when all come due at once (with the
 * journey steps they walk per second). Writes its section of bench/RESULTS.md unless BENCH_WRITE=0.
 */
import { loadavg } from 'node:os';
import { machine, writeSection } from '../results.ts';
import { benchTimers } from './timers.ts';

const WAITING = Number(process.env.BENCH_WAITING ?? 1_000_000);
const WRITE = process.env.BENCH_WRITE !== '0';
const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const loadBefore = loadavg()[0]!;

const t = await benchTimers(WAITING, log);
const date = new Date().toISOString().slice(0, 10);
const section = `## Journeys (bench/journeys)

\`npm run bench:journeys\` on 2 cores, ${machine()}, ${date}; load average ${loadBefore.toFixed(1)} before the run.
The real server (\`loopline start\`, SQLite) in a child process. ${fmt(t.waiting)} customers sign up through
/v1/batch (an identify and a \`Signed Up\` each) and enter a journey whose first node waits a day; each enters in
the engine step that takes their event in. Then the server stops, the bench moves every stored wake time to
now (a day passes), and the server starts again: every timer is due at once. Each wake walks the branch, the
split or A/B draw and the second wait, recording four or five journey steps.

| customers waiting | signups + enrolment s | server RSS after, MB | timers fired in s | timers/s | journey steps/s | peak RSS while firing, MB |
|---|---|---|---|---|---|---|
| ${fmt(t.waiting)} | ${t.enrolSeconds.toFixed(1)} | ${fmt(t.idleRssMb)} | ${t.fireSeconds.toFixed(1)} | ${fmt(t.firedPerSecond)} | ${fmt(t.stepsPerSecond)} | ${fmt(t.peakRssMb)} |

Targets: journey steps ≥ 20,000/s; server RSS under 500 MB with 1,000,000 customers waiting.`;
if (WRITE) writeSection('journeys', section);
process.stdout.write(`${section}\n`);
