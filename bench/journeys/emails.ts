/**
 * bench/journeys emails: email through journeys into a real SMTP server (smtp-server, in this process),
 * with the real server (`loopline start`, SQLite) in a child process. Used by bench/journeys/run.ts.
 * - Throughput: BENCH_EMAILS (100,000) customers in a segment; a broadcast journey's one send step mails
 *   them all: emails the SMTP server received per second, from the broadcast's time to the last one.
 *   Baseline in the same run: nodemailer alone (a pooled transport, as the server's) sending as many
 *   messages of the same size to the same SMTP server.
 * - Latency: with BENCH_BACKGROUND (1,000) events/s of other traffic, a new customer's `Probe Sent`
 *   event: from its HTTP 200 to the SMTP server receiving their email.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { percentile } from '../ingest/load.ts';
import { rssMb, startServer, stopServer, WRITE_KEY } from '../ingest/server-process.ts';
import { api, postBatch, sleep } from './server-api.ts';

export type EmailFigures = {
  emails: number;
  perSecond: number;
  baselinePerSecond: number;
  p50Ms: number;
  p99Ms: number;
  probes: number;
  background: number;
  peakRssMb: number;
};

const basic = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;

/** An SMTP server on loopback that accepts everything and notes when each recipient's mail arrived. */
async function sink() {
  const arrivals: { to: string; at: number; bytes: number }[] = [];
  const waiting = new Map<string, (at: number) => void>();
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      let bytes = 0;
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      stream.on('end', () => {
        const at = performance.now();
        for (const r of session.envelope.rcptTo) {
          arrivals.push({ to: r.address, at, bytes });
          waiting.get(r.address)?.(at);
          waiting.delete(r.address);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    arrivals,
    /** Resolves with the arrival time of the next mail to `to`. */
    next: (to: string) => new Promise<number>((resolve) => waiting.set(to, resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const BODY = `<mjml><mj-body><mj-section><mj-column>
  <mj-text font-size="20px">Hello {{ traits.firstName | default: "there" }}</mj-text>
  <mj-text>Our spring collection is here: {{ traits.n }} new pieces picked for you.</mj-text>
  <mj-button href="https://www.example.com/spring">See the collection</mj-button>
  <mj-text font-size="12px"><a href="{{ links.unsubscribe }}">Unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/** nodemailer alone, pooled as the server's channel is, sending `count` messages of `bytes` to the sink. */
async function baseline(port: number, count: number, html: string): Promise<number> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 5,
    maxMessages: 100,
  });
  const started = performance.now();
  let next = 0;
  // As many in flight as the sender's worker runs sends at once.
  const lane = async () => {
    while (next < count) {
      const n = next++;
      await transport.sendMail({
        from: 'Shop <hello@shop.example>',
        to: `base-${n}@mail.example`,
        subject: 'Our spring collection',
        html,
        text: 'Our spring collection is here.',
      });
    }
  };
  await Promise.all(Array.from({ length: 64 }, lane));
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return count / seconds;
}

export async function benchEmails(
  emails: number,
  background: number,
  log: (line: string) => void,
): Promise<EmailFigures> {
  const smtp = await sink();
  const dir = mkdtempSync(path.join(tmpdir(), 'loopline-bench-emails-'));
  const server = await startServer({
    LOOPLINE_DB: path.join(dir, 'bench.db'),
    LOOPLINE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    LOOPLINE_PUBLIC_URL: 'https://loop.shop.example',
  });
  try {
    await api(server.url, 'PUT', '/settings/messaging', { from: 'Shop <hello@shop.example>' });
    await api(server.url, 'POST', '/templates', {
      key: 'spring',
      name: 'Spring',
      channel: 'email',
      topic: null,
      subject: 'Our spring collection, {{ traits.firstName | default: "friend" }}',
      preheader: 'New pieces picked for you',
      format: 'mjml',
      body: BODY,
    });
    await api(server.url, 'POST', '/templates/spring/publish');
    await api(server.url, 'POST', '/segments', {
      key: 'spring',
      name: 'Spring',
      rule: 'trait list = "spring"',
    });

    log(`emails: ${emails.toLocaleString('en-US')} customers…`);
    for (let from = 0; from < emails; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, emails - from) }, (_, i) => ({
        type: 'identify',
        userId: `c${from + i}`,
        traits: { email: `c${from + i}@mail.example`, firstName: `C${from + i}`, list: 'spring', n: i % 9 },
      }));
      await postBatch(server.url, batch);
    }
    for (;;) {
      const segments = (await api(server.url, 'GET', '/segments')) as {
        items: { key: string; size: number }[];
      };
      if (segments.items.find((s) => s.key === 'spring')?.size === emails) break;
      await sleep(500);
    }

    // The baseline first, on the same sink, with a message of the size the journey's will have.
    const html = `<html><body>${'<p>Our spring collection is here: new pieces picked for you.</p>'.repeat(40)}</body></html>`;
    const baselinePerSecond = await baseline(smtp.port, emails, html);
    log(`emails: nodemailer alone ${Math.round(baselinePerSecond)}/s`);
    smtp.arrivals.length = 0;

    const journey = (await api(server.url, 'POST', '/journeys', {
      document: {
        key: 'spring',
        name: 'Spring broadcast',
        trigger: { kind: 'broadcast', segment: 'spring', at: new Date(Date.now() + 1000).toISOString() },
        start: 'mail',
        nodes: [{ id: 'mail', kind: 'send', channel: 'email', template: 'spring', topic: null, next: null }],
      },
    })) as { id: number };
    await api(server.url, 'POST', `/journeys/${journey.id}/publish`);
    const started = performance.now();
    let peak = 0;
    while (smtp.arrivals.length < emails) {
      peak = Math.max(peak, rssMb(server.child.pid!));
      await sleep(200);
      if (performance.now() - started > 30 * 60_000)
        throw new Error(`only ${smtp.arrivals.length} emails arrived`);
    }
    const first = Math.min(...smtp.arrivals.map((a) => a.at));
    const last = Math.max(...smtp.arrivals.map((a) => a.at));
    const perSecond = emails / ((last - Math.min(first, started + 1000)) / 1000);
    const sizes = smtp.arrivals.map((a) => a.bytes).sort((a, b) => a - b);
    log(`emails: journey ${Math.round(perSecond)}/s (median message ${sizes[sizes.length >> 1]} bytes)`);

    // Latency under background traffic: a journey on `Probe Sent` with one send.
    const probe = (await api(server.url, 'POST', '/journeys', {
      document: {
        key: 'probe',
        name: 'Probe',
        trigger: { kind: 'event', event: 'Probe Sent' },
        start: 'mail',
        nodes: [{ id: 'mail', kind: 'send', channel: 'email', template: 'spring', topic: null, next: null }],
      },
    })) as { id: number };
    await api(server.url, 'POST', `/journeys/${probe.id}/publish`);
    const end = performance.now() + 30_000;
    let stop = false;
    const noise = (async () => {
      const t0 = performance.now();
      for (let tick = 0; !stop; tick++) {
        const due = t0 + tick * 100;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const batch = Array.from({ length: background / 10 }, (_, i) => ({
          type: 'track',
          userId: `bg-${(tick * 100 + i) % 20_000}`,
          event: i % 10 === 0 ? 'Order Completed' : 'Product Viewed',
          properties: { revenue: 20 },
        }));
        postBatch(server.url, batch).catch(() => undefined);
        if (tick % 10 === 0) peak = Math.max(peak, rssMb(server.child.pid!));
      }
    })();
    await sleep(2000);
    const latencies: number[] = [];
    for (let n = 0; performance.now() < end; n++) {
      const to = `probe-${n}@mail.example`;
      const arrived = smtp.next(to);
      const res = await fetch(`${server.url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/json' },
        body: JSON.stringify({
          batch: [
            { type: 'identify', userId: `probe-${n}`, traits: { email: to } },
            { type: 'track', userId: `probe-${n}`, event: 'Probe Sent' },
          ],
        }),
      });
      await res.arrayBuffer();
      const ok = performance.now();
      latencies.push((await arrived) - ok);
      await sleep(200);
    }
    stop = true;
    await noise;
    latencies.sort((a, b) => a - b);
    const figures = {
      emails,
      perSecond,
      baselinePerSecond,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      probes: latencies.length,
      background,
      peakRssMb: peak,
    };
    log(`emails: HTTP 200 → SMTP p50 ${figures.p50Ms.toFixed(0)} ms, p99 ${figures.p99Ms.toFixed(0)} ms`);
    return figures;
  } finally {
    await stopServer(server.child);
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
