import assert from 'node:assert/strict';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { after, test } from 'node:test';
import { httpExchange } from './http-exchange.ts';
import { OutboundError } from './outbound-error.ts';
import { selfSignedCertificate } from './test-certificate.ts';
import { startHttpServer } from './test-http-server.ts';
import { testNet } from './test-net.ts';

// Generous limits, so that a loaded machine never fails a test that expects an answer; the tests of
// timeouts use short ones against servers that never answer at all.
const limits = { connectTimeoutMs: 10_000, totalTimeoutMs: 20_000, maxResponseBytes: 4096, maxRedirects: 3 };
const short = { ...limits, totalTimeoutMs: 300 };
const get = (url: string, net = testNet({ allow: ['127.0.0.1', '::1'] }), how = limits) =>
  httpExchange({ url, method: 'GET', headers: {} }, net, how);
const rejection = async (pending: Promise<unknown>) => {
  try {
    await pending;
  } catch (error) {
    assert.ok(error instanceof OutboundError, String(error));
    return error;
  }
  assert.fail('expected an OutboundError');
};

const plain = await startHttpServer((req, res) => {
  if (req.url === '/drip') return void res.writeHead(200).write('partial'); // headers, then nothing more
  res.writeHead(200).end(`plain ${req.method} ${req.url}`);
});
const { cert, key } = selfSignedCertificate('loopback.test', ['DNS:loopback.test', 'IP:127.0.0.1']);
const tls = createHttpsServer({ cert, key }, (req, res) => {
  if (req.url === '/down') return void res.writeHead(302, { location: `${plain.url}/landed` }).end();
  res.writeHead(200).end(`tls ${req.url}`);
});
await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
const tlsPort = (tls.address() as AddressInfo).port;
after(async () => {
  tls.closeAllConnections();
  await Promise.all([plain.close(), new Promise((resolve) => tls.close(resolve))]);
});

test('IPv4 written in other forms is normalised by the URL parser and refused as what it is', async () => {
  for (const host of ['2130706433', '0x7f000001', '017700000001', '127.1', '0x7f.0.0.1']) {
    const net = testNet({}, { refuseAll: true });
    const error = await rejection(get(`http://${host}/`, net));
    assert.equal(error.kind, 'refused', host);
    assert.match(error.message, /127\.0\.0\.1 is a loopback address/, host);
    assert.deepEqual(net.connects, []);
  }
});

test('a name is resolved once per hop: an answer that changes (rebinding) is checked again and refused', async () => {
  const net = testNet({ allow: ['127.0.0.1'] });
  const answers = ['127.0.0.1', '10.0.0.1'];
  net.lookup = async () => [{ address: answers.shift() ?? '10.0.0.1', family: 4 }];
  const first = await get(`http://rebind.test:${plain.port}/a`, net);
  assert.equal(first.body.toString(), 'plain GET /a');
  const error = await rejection(get(`http://rebind.test:${plain.port}/b`, net));
  assert.match(error.message, /rebind\.test resolves to 10\.0\.0\.1/);
  assert.deepEqual(
    net.connects.map((c) => c.address),
    ['127.0.0.1'],
  );
  assert.equal(net.violations.length, 0);
});

test('moves on to the next checked address when one cannot be connected', async () => {
  const net = testNet({ allow: ['127.0.0.1', '::1'] });
  // ::1 first, where nothing listens on that port (the server is on 127.0.0.1 only), then the server's.
  net.lookup = async () => [
    { address: '::1', family: 6 },
    { address: '127.0.0.1', family: 4 },
  ];
  const res = await get(`http://two.test:${plain.port}/x`, net);
  assert.equal(res.status, 200);
  assert.deepEqual(
    net.connects.map((c) => c.address),
    ['::1', '127.0.0.1'],
  );
});

test('a response that stops mid-body times out', async () => {
  const error = await rejection(get(`${plain.url}/drip`, undefined, short));
  assert.equal(error.kind, 'timeout');
});

test('a server that accepts but never answers times out', async () => {
  const silent = createTcpServer((socket) => socket.resume()); // reads, never answers
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const error = await rejection(
    get(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, undefined, short),
  );
  assert.equal(error.kind, 'timeout');
  await new Promise((resolve) => silent.close(resolve));
});

test('speaks TLS to the checked address, verifying the certificate against the name', async () => {
  const net = { ...testNet({ allow: ['127.0.0.1'] }), ca: cert };
  const res = await get(`https://loopback.test:${tlsPort}/secure`, net);
  assert.equal(res.body.toString(), 'tls /secure');
  const byIp = await get(`https://127.0.0.1:${tlsPort}/ip`, net);
  assert.equal(byIp.body.toString(), 'tls /ip');
  const untrusted = await rejection(
    get(`https://loopback.test:${tlsPort}/`, testNet({ allow: ['127.0.0.1'] })),
  );
  assert.equal(untrusted.kind, 'connect');
  assert.match(untrusted.message, /TLS with loopback\.test/);
});

test('refuses a redirect from https to http', async () => {
  const net = { ...testNet({ allow: ['127.0.0.1'] }), ca: cert };
  const error = await rejection(get(`https://loopback.test:${tlsPort}/down`, net));
  assert.equal(error.kind, 'redirect');
  assert.match(error.message, /from https to http:\/\/127\.0\.0\.1/);
  assert.equal(plain.received.filter((r) => r.url === '/landed').length, 0);
});

test('a lookup that never answers times out without connecting', async () => {
  const net = testNet({ allow: ['127.0.0.1'] });
  net.lookup = () => new Promise(() => {});
  const quick = { ...limits, connectTimeoutMs: 100 };
  const error = await rejection(
    httpExchange({ url: 'http://slow.test/', method: 'GET', headers: {} }, net, quick),
  );
  assert.equal(error.kind, 'timeout');
  assert.match(error.message, /resolving slow\.test took longer than 100 ms/);
  assert.deepEqual(net.connects, []);
});

test('refuses headers HTTP cannot carry, before connecting, and keeps framing headers its own', async () => {
  const net = testNet({ allow: ['127.0.0.1'] });
  const bad = { 'X-Evil': 'a\r\nInjected: yes' };
  const error = await rejection(
    httpExchange({ url: `${plain.url}/h`, method: 'GET', headers: bad }, net, limits),
  );
  assert.equal(error.kind, 'invalid');
  assert.deepEqual(net.connects, []);
  const framing = {
    'Transfer-Encoding': 'chunked',
    Host: 'elsewhere.example',
    'Content-Length': '999',
    'X-Ok': '1',
  };
  const body = Buffer.from('{"a":1}');
  await httpExchange({ url: `${plain.url}/h`, method: 'POST', headers: framing, body }, net, limits);
  const got = plain.received.at(-1)!;
  assert.equal(got.headers.host, `127.0.0.1:${plain.port}`);
  assert.equal(got.headers['content-length'], String(body.length));
  assert.equal(got.headers['transfer-encoding'], undefined);
  assert.equal(got.headers['x-ok'], '1');
  assert.deepEqual(got.body, body);
});

test('credentials in the URL are sent as Basic auth, and not to another origin on a redirect', async () => {
  const net = testNet({ allow: ['127.0.0.1'] });
  const other = await startHttpServer((_req, res) => void res.writeHead(200).end('other'));
  const hopper = await startHttpServer((req, res) => {
    if (req.url === '/go') return void res.writeHead(307, { location: `${other.url}/landed` }).end();
    res.writeHead(200).end();
  });
  const res = await httpExchange(
    {
      url: `http://hook%40user:p%3Ass@127.0.0.1:${hopper.port}/go`,
      method: 'POST',
      headers: {},
      body: Buffer.from('x'),
    },
    net,
    limits,
  );
  assert.equal(res.body.toString(), 'other');
  const expected = `Basic ${Buffer.from('hook@user:p:ss').toString('base64')}`;
  assert.equal(hopper.received[0]!.headers.authorization, expected);
  assert.equal(other.received[0]!.headers.authorization, undefined, 'another origin gets no credentials');
  assert.deepEqual(other.received[0]!.body, Buffer.from('x'), 'a 307 repeats the body');
  await Promise.all([other.close(), hopper.close()]);
});

test('301, 302 and 303 become a GET without the body; 308 repeats the POST', async () => {
  const net = testNet({ allow: ['127.0.0.1'] });
  const server = await startHttpServer((req, res) => {
    const code = Number(req.url.slice(1));
    if (code >= 300) return void res.writeHead(code, { location: '/end' }).end();
    res.writeHead(200).end();
  });
  for (const code of [301, 302, 303, 308]) {
    const headers = { 'content-type': 'application/json', 'x-keep': 'yes' };
    await httpExchange(
      { url: `${server.url}/${code}`, method: 'POST', headers, body: Buffer.from('{}') },
      net,
      limits,
    );
    const end = server.received.at(-1)!;
    const repeat = code === 308;
    assert.equal(end.method, repeat ? 'POST' : 'GET', String(code));
    assert.equal(end.body.length, repeat ? 2 : 0, String(code));
    assert.equal(end.headers['content-type'], repeat ? 'application/json' : undefined, String(code));
    assert.equal(end.headers['x-keep'], 'yes');
  }
  await server.close();
});
