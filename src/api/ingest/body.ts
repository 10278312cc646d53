import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/index.ts';

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * Ingest bodies: JSON whatever the Content-Type says (browsers send text/plain to avoid a CORS
 * preflight, some clients send none), optionally compressed. The body limit applies to the
 * decompressed bytes, so a small gzip bomb is stopped at the limit.
 */
export function installIngestBodyParsing(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (encoding === 'identity' || encoding === '') return payload;
    const decoder = DECODERS[encoding];
    if (!decoder) {
      throw new AppError('unsupported_encoding', `Content-Encoding ${encoding} is not supported; use gzip`);
    }
    const decoded = payload.pipe(decoder()) as NodeJS.ReadWriteStream & { receivedEncodedLength?: number };
    payload.on('data', (chunk: Buffer) => {
      decoded.receivedEncodedLength = (decoded.receivedEncodedLength ?? 0) + chunk.length;
    });
    payload.on('error', (error) => decoded.emit('error', error));
    return decoded as never;
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(new AppError('invalid_json', 'request body is empty'));
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new AppError('invalid_json', `request body is not valid JSON: ${(error as Error).message}`));
    }
  });
}
