import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.ts';

/**
 * Once the server is stopping, answers to the requests still in flight carry `Connection: close`.
 * Closing the server ends only idle keep-alive connections; one busy at that moment would stay open
 * after its answer for Fastify's keepAliveTimeout (72 s), so a drain under load (SDKs stream batches
 * over such connections) outlasted the shutdown deadline and the process exited 1.
 */
export function closeConnectionsWhenStopping(app: FastifyInstance): void {
  let stopping = false;
  app.addHook('preClose', async () => {
    stopping = true;
  });
  // A request that arrives on a kept-alive connection after stopping began is turned away in our
  // error shape (the server runs with return503OnClosing off so that this hook decides).
  app.addHook('onRequest', async (_request, reply) => {
    if (stopping) {
      return reply
        .status(503)
        .header('retry-after', '1')
        .send(errorBody('unavailable', 'the server is shutting down; retry on another connection'));
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    if (stopping) reply.header('connection', 'close');
  });
}
