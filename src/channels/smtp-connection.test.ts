import assert from 'node:assert/strict';
import { type AddressInfo, createServer } from 'node:net';
import { after, test } from 'node:test';
import { createSmtpEmailChannel } from './smtp-email-channel.ts';
import { selfSignedCertificate } from './test-certificate.ts';
import { testNet } from './test-net.ts';
import { headerOf as header, sampleEmail as message, startSmtpServer } from './test-smtp-server.ts';

// How the email channel connects: through the address guard, over implicit TLS, with timeouts.

const smtp = await startSmtpServer();
after(() => smtp.close());

test('through the address guard: a server on loopback is refused unless allowed', async () => {
  const refused = testNet({}, { refuseAll: true });
  const guarded = createSmtpEmailChannel({ url: `smtp://loopback.test:${smtp.port}`, net: refused });
  const result = await guarded.send(message());
  await guarded.close();
  assert.ok(!result.ok && result.permanent, JSON.stringify(result));
  assert.match(result.ok ? '' : result.error, /loopback\.test resolves to 127\.0\.0\.1/);
  assert.deepEqual(refused.connects, []);
  const allowed = testNet({ allow: ['127.0.0.1'] });
  const ok = createSmtpEmailChannel({ url: `smtp://loopback.test:${smtp.port}`, net: allowed });
  assert.ok((await ok.send(message())).ok);
  await ok.close();
  assert.deepEqual(
    allowed.connects.map((c) => c.address),
    ['127.0.0.1'],
  );
});

test('smtps: implicit TLS over the guarded socket, verified against the host name', async () => {
  const { cert, key } = selfSignedCertificate('loopback.test', ['DNS:loopback.test']);
  const secure = await startSmtpServer({ implicitTls: { key, cert } });
  const net = testNet({ allow: ['127.0.0.1'] });
  const channel = createSmtpEmailChannel({ url: `smtps://loopback.test:${secure.port}`, net, ca: cert });
  const result = await channel.send(message());
  await channel.close();
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(header(secure.received.at(-1)!.raw, 'Message-ID'), '<o-17.w-1@shop.example>');
  const untrusted = createSmtpEmailChannel({ url: `smtps://loopback.test:${secure.port}`, net });
  const refused = await untrusted.send(message());
  await untrusted.close();
  assert.ok(!refused.ok && !refused.permanent, JSON.stringify(refused));
  assert.match(refused.ok ? '' : refused.error, /certificate/i);
  await secure.close();
});

test('a server that accepts but never greets is a transient failure after the greeting timeout', async () => {
  const mute = createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
  const port = (mute.address() as AddressInfo).port;
  const channel = createSmtpEmailChannel({ url: `smtp://127.0.0.1:${port}`, timeouts: { greetingMs: 200 } });
  const result = await channel.send(message());
  await channel.close();
  assert.ok(!result.ok && !result.permanent, JSON.stringify(result));
  assert.match(result.ok ? '' : result.error, /greeting/i);
  mute.close();
});

test('a connection lost after the message data, before the reply, is transient (the same Message-ID goes again)', async () => {
  // A minimal SMTP dialogue (RFC 5321 section 3.3) that hangs up instead of answering the final dot.
  const hangUp = createServer((socket) => {
    socket.write('220 test ESMTP\r\n');
    let data = false;
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let end = buffer.indexOf('\r\n');
      while (end >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === '.') socket.destroy();
        } else if (/^DATA/i.test(line)) {
          data = true;
          socket.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
        end = buffer.indexOf('\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
  const port = (hangUp.address() as AddressInfo).port;
  const channel = createSmtpEmailChannel({ url: `smtp://127.0.0.1:${port}` });
  const result = await channel.send(message());
  await channel.close();
  assert.ok(!result.ok && !result.permanent, JSON.stringify(result));
  assert.match(result.ok ? '' : result.error, /closed/i);
  await new Promise((resolve) => hangUp.close(resolve));
});
