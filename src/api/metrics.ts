import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The server's Prometheus metrics, one registry per server so that several can run in one process. */
export class Metrics {
  readonly registry = new Registry();
  /** Read when /metrics is scraped; the server points it at the ingest queue. */
  queueDepth: () => number = () => 0;
  readonly httpDuration = new Histogram({
    name: 'loopline_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly ingestMessages = new Counter({
    name: 'loopline_ingest_messages_total',
    help: 'Messages received by the ingest API by outcome (stored, duplicate, rejected)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly ingestQueue: Gauge = new Gauge({
    name: 'loopline_ingest_queue_events',
    help: 'Events waiting for the next group commit',
    registers: [this.registry],
    collect: (): void => this.ingestQueue.set(this.queueDepth()),
  });
  readonly flushSeconds = new Histogram({
    name: 'loopline_ingest_commit_seconds',
    help: 'Duration of one group-commit transaction',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly flushEvents = new Histogram({
    name: 'loopline_ingest_commit_events',
    help: 'Events committed per group-commit transaction',
    buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'loopline_' });
  }

  /** Times every request and serves `/metrics` in the Prometheus text format. */
  install(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      this.httpDuration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      reply.type(this.registry.contentType);
      return this.registry.metrics();
    });
  }
}
