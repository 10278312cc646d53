import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { ensurePredictionJobs, registerPredictionJobs } from '../analytics/index.ts';
import {
  adminRoutes,
  closeConnectionsWhenStopping,
  ingestRoutes,
  installErrorHandling,
  Metrics,
  publicMessageRoutes,
  signInRoutes,
} from '../api/index.ts';
import type { Config } from '../config/index.ts';
import { type Clock, HOUR } from '../core/index.ts';
import { EngineRunner } from '../engine/index.ts';
import { IngestWriter } from '../ingest/index.ts';
import { JobWorker } from '../jobs/index.ts';
import { ARM_KIND, BROADCAST_KIND, DATE_KIND, MOVE_KIND, WAKE_KIND } from '../journeys/index.ts';
import { engineWithJourneys, type OpenStore } from '../storage/index.ts';
import { KeyAuthenticator } from '../workspaces/index.ts';
import { wireMessaging } from './messaging-wiring.ts';
import { serveWebApp } from './web-app.ts';
import type { OutboundDeps } from './workspace-channels.ts';

export type Server = {
  app: FastifyInstance;
  writer: IngestWriter;
  keys: KeyAuthenticator;
  metrics: Metrics;
  /**
   * For tests that drive the jobs by hand (`runJobs: false`): runs what is due by the clock on both of
   * this server's workers (the journeys' wakes have their own) until neither has anything left; returns
   * how many jobs ran.
   */
  runDueJobs(): Promise<number>;
  /** Stops accepting requests, waits for those in flight, commits what is queued. Leaves the store open. */
  close(): Promise<void>;
};

export type ServerOptions = {
  config: Pick<Config, 'ingestQueueMax' | 'ingestBatchMax' | 'publicUrl'> &
    Partial<Pick<Config, 'trustProxy' | 'predictIntervalHours' | 'smtpUrl'>>;
  store: OpenStore;
  clock: Clock;
  logger?: Logger | false;
  /** Run the lifecycle engine (default true): on the store's own thread if it has one, else here. */
  engine?: boolean;
  /** Start the jobs workers (default true); tests that drive them by hand (`runDueJobs()`) pass false. */
  runJobs?: boolean;
  /** The one-time token of the first admin's setup link (printed at start while no user exists). */
  setupToken?: string;
  /** The dashboard's build (web/dist) to serve at /; null or unset serves the first-run guide alone. */
  webDist?: string | null;
  /**
   * DNS and sockets for the workspaces' own channels: tests install a connector that refuses all but
   * loopback before anything runs; the system's by default.
   */
  outboundNet?: OutboundDeps;
};

/** Builds the HTTP server: ingest under /v1, the admin API under /api/v1, docs, health and metrics. */
export async function buildServer(options: ServerOptions): Promise<Server> {
  const { store, clock, config } = options;
  const app = Fastify({
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    // One log line per request would drown the log at ingest rates; /metrics times every request.
    logController: new LogController({ disableRequestLogging: true }),
    // X-Forwarded-* are believed only behind a proxy the operator names (LOOPLINE_TRUST_PROXY).
    trustProxy: config.trustProxy ?? false,
    return503OnClosing: false,
    routerOptions: { maxParamLength: 512 },
  });
  const metrics = new Metrics();
  const keys = new KeyAuthenticator(store, clock);
  let runner: EngineRunner | null = null;
  // On SQLite the writer thread runs the engine (and the journeys' reactor); this one serves the
  // journeys' timers and reads customers' states through its own, which never steps.
  const { engine, journeys } = engineWithJourneys(store, clock);
  if (options.engine !== false) {
    if (store.runsEngine) store.startOwnEngine();
    else {
      runner = new EngineRunner(engine, {
        onError: (error) => app.log.error({ err: error }, 'lifecycle engine step failed'),
      });
      runner.start();
    }
  }
  // The durable jobs of this store, run here; several servers on one PostgreSQL share them.
  const jobs = new JobWorker(store.jobs, {
    clock,
    onError: (error, job) =>
      app.log.warn(
        { err: error, kind: job?.kind, key: job?.key, workspaceId: job?.workspaceId },
        'job attempt failed',
      ),
  });
  // Prediction refits, when configured (`loopline start` does; tests build servers without them): a
  // recurring job per workspace, made for the workspaces there are now.
  const hours = config.predictIntervalHours ?? 0;
  let ensuring: NodeJS.Timeout | undefined;
  if (hours > 0) {
    registerPredictionJobs(jobs, store, {
      intervalMs: hours * HOUR,
      onError: (workspaceId, error) =>
        app.log.warn({ err: error, workspaceId }, 'prediction models not fitted'),
    });
    await ensurePredictionJobs(store, clock.now(), hours * HOUR);
    // A workspace made while this server runs (`loopline workspaces create`) gets its job within the
    // hour, as it did when the scheduler looked for workspaces due every hour.
    ensuring = setInterval(() => {
      ensurePredictionJobs(store, clock.now(), hours * HOUR).catch((error) =>
        app.log.warn({ err: error }, 'prediction jobs not made'),
      );
    }, HOUR);
    ensuring.unref();
  }
  jobs.register(ARM_KIND, journeys.arm);
  jobs.register(DATE_KIND, journeys.date);
  jobs.register(BROADCAST_KIND, journeys.broadcast);
  jobs.register(MOVE_KIND, journeys.move);
  // Sends on a worker of their own: many at once (each mostly waits on SMTP or a provider, and the
  // channel's pool bounds the connections), so a broadcast is not held to the other jobs' few slots.
  const sends = new JobWorker(store.jobs, {
    clock,
    concurrency: 64,
    onError: (error, job) => app.log.warn({ err: error, key: job?.key }, 'message send attempt failed'),
  });
  const messaging = wireMessaging(store, clock, config, sends, options.outboundNet);
  // The journeys' wakes on a worker of their own with many slots: the wakes it holds at once step in
  // one unit (see JourneyRunner.wake), so timers that all come due together fire in batches.
  const wakes = new JobWorker(store.jobs, {
    clock,
    concurrency: 500,
    onError: (error, job) => app.log.warn({ err: error, key: job?.key }, 'journey timer failed'),
  });
  wakes.register(WAKE_KIND, journeys.wake);
  const workers = [jobs, wakes, sends];
  if (options.runJobs !== false) for (const w of workers) w.start();
  const writer = new IngestWriter(store.ingest, clock, {
    queueMax: config.ingestQueueMax,
    batchMax: config.ingestBatchMax,
    pipeline: store.ingestPipeline,
    hooks: {
      onWaiting: (events) => store.ingestWaiting(events),
      onFlush: (events, _groups, seconds) => {
        metrics.flushSeconds.observe(seconds);
        metrics.flushEvents.observe(events);
        runner?.kick();
      },
      onError: (error) => app.log.error({ err: error }, 'ingest commit failed'),
    },
  });
  metrics.queueDepth = () => writer.queuedEvents;

  installErrorHandling(app);
  closeConnectionsWhenStopping(app);
  metrics.install(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Loopline admin API', version: '1', description: 'Customer lifecycle platform' },
      components: { securitySchemes: { secretKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ secretKey: [] }],
    },
    // Shared schemas (the error shape) are listed under their own $id, not as def-0, def-1, ...
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await store.ping();
      return { status: 'ok', store: store.dialect, queuedEvents: writer.queuedEvents };
    } catch {
      return reply.status(503).send({ status: 'unavailable', store: store.dialect });
    }
  });
  // The snippets name this server as the browser reached it (escaped), or the configured public URL.
  serveWebApp(app, { dist: options.webDist ?? null, publicUrl: config.publicUrl });

  await app.register(
    async (v1) => ingestRoutes(v1, { writer, keys, clock, metrics, publicUrl: config.publicUrl }),
    { prefix: '/v1' },
  );
  await app.register(
    async (admin) =>
      adminRoutes(admin, { store, clock, keys, sender: messaging.sender, publicUrl: config.publicUrl }),
    {
      prefix: '/api/v1',
    },
  );
  await app.register(async (m) => publicMessageRoutes(m, { store, clock, ...messaging }), { prefix: '/m' });
  await app.register(async (auth) => signInRoutes(auth, { store, clock, setupToken: options.setupToken }), {
    prefix: '/api/v1',
  });

  return {
    app,
    writer,
    keys,
    metrics,
    async runDueJobs() {
      let ran = 0;
      for (;;) {
        let n = 0;
        for (const w of workers) n += (await w.runDue()).length;
        if (n === 0) return ran;
        ran += n;
      }
    },
    async close() {
      await app.close();
      await writer.close();
      await runner?.stop();
      clearInterval(ensuring);
      await Promise.all(workers.map((w) => w.stop()));
      await messaging.close();
    },
  };
}
