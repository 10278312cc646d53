import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorSchema } from '../core/index.ts';
import { adminApi } from '../testing/index.ts';
import { registeredRoutes } from './registered-routes.ts';

type Response = { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> };

test('every admin route documents its answers: a 2xx schema, and its errors in the one error shape', async (t) => {
  const { app, call } = await adminApi(t, Date.parse('2026-03-01T00:00:00Z'));
  const docs = (await call('GET', '/api/openapi.json')).json();
  assert.deepEqual(docs.components.schemas.Error, JSON.parse(JSON.stringify(ErrorSchema)));
  const routes = registeredRoutes(app).filter((r) => r.url.startsWith('/api/v1/'));
  assert.ok(routes.length >= 30, 'the admin routes are found');
  for (const { method, url } of routes) {
    const route = `${method} ${url}`;
    const operation = docs.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
    assert.ok(operation, `${route} is in the OpenAPI document`);
    const responses = Object.entries(operation.responses as Record<string, Response>);
    const ok = responses.filter(([status]) => /^2\d\d$/.test(status));
    assert.ok(ok.length > 0, `${route} declares a 2xx response`);
    for (const [status, response] of ok) {
      // 204 has no body; every other success describes its body (not Fastify's "Default Response").
      if (status === '204') continue;
      const schema = response.content?.['application/json']?.schema;
      assert.ok(schema && Object.keys(schema).length > 0, `${route} ${status} has a schema`);
    }
    for (const status of ['400', '401', '500']) {
      const schema = operation.responses[status]?.content?.['application/json']?.schema;
      assert.deepEqual(schema, { $ref: '#/components/schemas/Error' }, `${route} ${status}`);
    }
  }
});
