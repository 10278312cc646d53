import { SECRET_KEY, WRITE_KEY } from '../ingest/server-process.ts';

const basic = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
const bearer = `Bearer ${SECRET_KEY}`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An admin API call to the bench's server with its secret key; throws on an error answer. */
export async function api(url: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/api/v1${route}`, {
    method,
    headers: { authorization: bearer, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** One /v1/batch with the bench's write key; throws unless it is a 200. */
export async function postBatch(url: string, batch: object[]): Promise<void> {
  const res = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/json' },
    body: JSON.stringify({ batch }),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`/v1/batch: ${res.status}`);
}
