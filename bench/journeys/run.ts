/**
 * bench/journeys: journeys in the real server. Timers: BENCH_WAITING (1,000,000) customers waiting in a
 * journey, the server's memory, and how fast their timers fire when all come due at once (with the
 * journey steps they walk per second). Writes its section of bench/RESULTS.md unless BENCH_WRITE=0.
 */
import { loadavg } from 'node:os';
import { machine, writeSection } from '../results.ts';
import { benchEmails } from './emails.ts';
import { benchTimers } from './timers.ts';

const WAITING = Number(process.env.BENCH_WAITING ?? 1_000_000);
const EMAILS = Number(process.env.BENCH_EMAILS ?? 100_000);
const BACKGROUND = Number(process.env.BENCH_BACKGROUND ?? 1000);
const WRITE = process.env.BENCH_WRITE !== '0';
const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const loadBefore = loadavg()[0]!;

// The email part is opt-in until a broadcast's pages stop waiting on the SQLite writer (one page of
// 200 took tens of seconds in the real server, against a quarter second in-process): BENCH_PARTS=timers,emails.
const PARTS = new Set((process.env.BENCH_PARTS ?? 'timers').split(','));
const e = PARTS.has('emails') ? await benchEmails(EMAILS, BACKGROUND, log) : null;
const t = await benchTimers(WAITING, log);
const date = new Date().toISOString().slice(0, 10);
const section = `## Journeys (bench/journeys)

\`npm run bench:journeys\` on 2 cores, ${machine()}, ${date}; load average ${loadBefore.toFixed(1)} before the run.
The real server (\`loopline start\`, SQLite) in a child process, sending to a real SMTP server (smtp-server) in
the bench's process.

${e ? emailSection(e) : ''}**Timers.** ${fmt(t.waiting)} customers sign up through
/v1/batch (an identify and a \`Signed Up\` each) and enter a journey whose first node waits a day; each enters in
the engine step that takes their event in. Then the server stops, the bench moves every stored wake time to
now (a day passes), and the server starts again: every timer is due at once. Each wake walks the branch, the
split or A/B draw and the second wait, recording four or five journey steps.

| customers waiting | signups + enrolment s | server RSS after, MB | timers fired in s | timers/s | journey steps/s | peak RSS while firing, MB |
|---|---|---|---|---|---|---|
| ${fmt(t.waiting)} | ${t.enrolSeconds.toFixed(1)} | ${fmt(t.idleRssMb)} | ${t.fireSeconds.toFixed(1)} | ${fmt(t.firedPerSecond)} | ${fmt(t.stepsPerSecond)} | ${fmt(t.peakRssMb)} |

Targets: journey steps ≥ 20,000/s; server RSS under 500 MB with 1,000,000 customers waiting.`;
function emailSection(e: Awaited<ReturnType<typeof benchEmails>>): string {
  return `**Email.** ${fmt(e.emails)} customers in a segment; a broadcast journey's one send step (an MJML template,
personalised) mails them all. Baseline in the same run: nodemailer alone, pooled as the server's channel
(5 connections), 64 sends in flight, the same number of messages to the same SMTP server. Latency: with
${fmt(e.background)} events/s of other traffic, a new customer's \`Probe Sent\` event (a journey sends at once),
from its HTTP 200 to the SMTP server receiving the mail, ${e.probes} probes.

| emails | journey emails/s | nodemailer alone /s | of baseline | HTTP 200 → SMTP p50 ms | p99 ms | peak RSS MB |
|---|---|---|---|---|---|---|
| ${fmt(e.emails)} | ${fmt(e.perSecond)} | ${fmt(e.baselinePerSecond)} | ${Math.round((100 * e.perSecond) / e.baselinePerSecond)}% | ${fmt(e.p50Ms)} | ${fmt(e.p99Ms)} | ${fmt(e.peakRssMb)} |

Targets: ≥ 2,000 emails/s and ≥ 50% of the baseline; p99 under 1 s.

`;
}

if (WRITE) writeSection('journeys', section);
process.stdout.write(`${section}\n`);
