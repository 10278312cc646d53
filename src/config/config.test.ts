import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig, redactedConfig, SECRET_SETTINGS } from './config.ts';

const CWD = '/srv/loopline';
const load = (env: NodeJS.ProcessEnv) => loadConfig(env, CWD);
const KEY = 'abcdefghijklmnop';

/** Asserts that loading `env` fails with a ConfigError naming `setting`, and returns its message. */
function fails(env: NodeJS.ProcessEnv, setting: string): string {
  let message = '';
  assert.throws(
    () => load(env),
    (error) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, new RegExp(setting));
      message = error.message;
      return true;
    },
  );
  return message;
}

describe('loadConfig', () => {
  test('defaults: port 7300, SQLite under ./.loopline, info logs, no keys', () => {
    assert.deepEqual(
      { ...load({}) },
      {
        port: 7300,
        host: '0.0.0.0',
        store: 'sqlite',
        sqlitePath: path.join(CWD, '.loopline/loopline.db'),
        databaseUrl: undefined,
        writeKey: undefined,
        secretKey: undefined,
        smtpUrl: undefined,
        logLevel: 'info',
        publicUrl: undefined,
        sqliteSync: 'normal',
        trustProxy: false,
        ingestQueueMax: 50_000,
        ingestBatchMax: 10_000,
        predictIntervalHours: 24,
        adminEmail: undefined,
        adminPassword: undefined,
      },
    );
  });

  test('the first admin needs both the email and a password of 10 characters or more', () => {
    assert.throws(() => load({ LOOPLINE_ADMIN_EMAIL: 'a@b.test' }), /both LOOPLINE_ADMIN_EMAIL/);
    assert.throws(
      () => load({ LOOPLINE_ADMIN_EMAIL: 'a@b.test', LOOPLINE_ADMIN_PASSWORD: 'short' }),
      /at least 10 characters/,
    );
    const config = load({ LOOPLINE_ADMIN_EMAIL: 'a@b.test', LOOPLINE_ADMIN_PASSWORD: 'long enough pw' });
    assert.equal(config.adminEmail, 'a@b.test');
    assert.equal(redactedConfig(config).adminPassword, '***');
  });

  test('empty and blank values count as unset', () => {
    const config = load({ LOOPLINE_PORT: '', LOOPLINE_DB: '  ', DATABASE_URL: ' ', LOOPLINE_WRITE_KEY: '' });
    assert.equal(config.port, 7300);
    assert.equal(config.store, 'sqlite');
    assert.equal(config.writeKey, undefined);
  });

  test('reads every setting', () => {
    const config = load({
      LOOPLINE_PORT: '8080',
      LOOPLINE_HOST: '127.0.0.1',
      LOOPLINE_DB: 'data/app.db',
      LOOPLINE_WRITE_KEY: ` ${KEY} `,
      LOOPLINE_SECRET_KEY: `${KEY}-secret`,
      LOOPLINE_SMTP_URL: 'smtps://mailer:pw@mail.example.com:465',
      LOOPLINE_LOG_LEVEL: 'debug',
      LOOPLINE_PUBLIC_URL: 'https://loop.example.com/base//',
      LOOPLINE_INGEST_QUEUE_MAX: '1000',
      LOOPLINE_INGEST_BATCH_MAX: '1',
      LOOPLINE_PREDICT_INTERVAL_HOURS: '6',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.sqlitePath, path.join(CWD, 'data/app.db'));
    assert.equal(config.writeKey, KEY);
    assert.equal(config.secretKey, `${KEY}-secret`);
    assert.equal(config.smtpUrl, 'smtps://mailer:pw@mail.example.com:465');
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.publicUrl, 'https://loop.example.com/base');
    assert.equal(config.ingestQueueMax, 1000);
    assert.equal(config.ingestBatchMax, 1);
    assert.equal(config.predictIntervalHours, 6);
    assert.equal(load({}).predictIntervalHours, 24);
    assert.equal(load({ LOOPLINE_DB: '/var/lib/loopline.db' }).sqlitePath, '/var/lib/loopline.db');
  });

  test('a postgres:// or postgresql:// DATABASE_URL switches the store to PostgreSQL', () => {
    for (const url of ['postgres://db.example.com/loopline', 'postgresql://u:p@db/loopline']) {
      const config = load({ DATABASE_URL: url });
      assert.equal(config.store, 'postgres');
      assert.equal(config.databaseUrl, url);
    }
  });

  test('the port must be an integer from 0 to 65535', () => {
    for (const port of ['abc', '65536', '-1', '80.5', 'NaN', '0x1F', '1e3', ' 80']) {
      fails({ LOOPLINE_PORT: port }, 'LOOPLINE_PORT');
    }
    assert.equal(load({ LOOPLINE_PORT: '0' }).port, 0);
    assert.equal(load({ LOOPLINE_PORT: '65535' }).port, 65535);
  });

  test('LOOPLINE_SQLITE_SYNC is normal or full', () => {
    assert.equal(load({}).sqliteSync, 'normal');
    assert.equal(load({ LOOPLINE_SQLITE_SYNC: 'FULL' }).sqliteSync, 'full');
    fails({ LOOPLINE_SQLITE_SYNC: 'off' }, 'LOOPLINE_SQLITE_SYNC');
  });

  test('LOOPLINE_TRUST_PROXY is off unless set to true', () => {
    assert.equal(load({}).trustProxy, false);
    assert.equal(load({ LOOPLINE_TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(load({ LOOPLINE_TRUST_PROXY: '0' }).trustProxy, false);
    fails({ LOOPLINE_TRUST_PROXY: 'yes please' }, 'LOOPLINE_TRUST_PROXY');
  });

  test('ingest limits are bounded', () => {
    fails({ LOOPLINE_INGEST_QUEUE_MAX: '499' }, 'LOOPLINE_INGEST_QUEUE_MAX');
    fails({ LOOPLINE_INGEST_BATCH_MAX: '0' }, 'LOOPLINE_INGEST_BATCH_MAX');
    fails({ LOOPLINE_INGEST_BATCH_MAX: '100001' }, 'LOOPLINE_INGEST_BATCH_MAX');
    fails({ LOOPLINE_PREDICT_INTERVAL_HOURS: '-1' }, 'LOOPLINE_PREDICT_INTERVAL_HOURS');
  });

  test('DATABASE_URL must be a PostgreSQL URL, and the error does not echo it', () => {
    for (const url of ['mysql://root:hunter2@db/x', 'hunter2', 'sqlite:///tmp/x.db']) {
      const message = fails({ DATABASE_URL: url }, 'DATABASE_URL');
      assert.ok(!message.includes(url), message);
    }
  });

  test('the log level must be a pino level', () => {
    fails({ LOOPLINE_LOG_LEVEL: 'verbose' }, 'LOOPLINE_LOG_LEVEL');
    assert.equal(load({ LOOPLINE_LOG_LEVEL: 'silent' }).logLevel, 'silent');
  });

  test('keys must be at least 16 characters without spaces or colons, and errors do not echo them', () => {
    for (const name of ['LOOPLINE_WRITE_KEY', 'LOOPLINE_SECRET_KEY']) {
      for (const key of ['short-key-15chr', 'sixteen chars ok', 'sixteen:chars:ok']) {
        const message = fails({ [name]: key }, name);
        assert.ok(!message.includes(key), message);
      }
      assert.equal(load({ [name]: KEY })[name === 'LOOPLINE_WRITE_KEY' ? 'writeKey' : 'secretKey'], KEY);
    }
  });

  test('the SMTP URL must be smtp:// or smtps://, and the error does not echo it', () => {
    const message = fails({ LOOPLINE_SMTP_URL: 'http://user:hunter2@mail' }, 'LOOPLINE_SMTP_URL');
    assert.ok(!message.includes('hunter2'));
    assert.equal(load({ LOOPLINE_SMTP_URL: 'smtp://localhost:2525' }).smtpUrl, 'smtp://localhost:2525');
  });

  test('the public URL must be http(s)', () => {
    fails({ LOOPLINE_PUBLIC_URL: 'ftp://files.example.com' }, 'LOOPLINE_PUBLIC_URL');
    fails({ LOOPLINE_PUBLIC_URL: 'loop.example.com' }, 'LOOPLINE_PUBLIC_URL');
  });

  test('the result is frozen', () => {
    const config = load({});
    assert.ok(Object.isFrozen(config));
    assert.throws(() => {
      (config as { port: number }).port = 1;
    }, TypeError);
    assert.equal(config.port, 7300);
  });

  test('the secret settings are listed', () => {
    assert.deepEqual([...SECRET_SETTINGS].sort(), [
      'DATABASE_URL',
      'LOOPLINE_ADMIN_PASSWORD',
      'LOOPLINE_SECRET_KEY',
      'LOOPLINE_SMTP_URL',
      'LOOPLINE_WRITE_KEY',
    ]);
  });
});

describe('redactedConfig', () => {
  test('hides keys and passwords, keeps what helps to debug', () => {
    const config = load({
      DATABASE_URL: 'postgres://loopline:db-pass-1@db.internal:5432/loopline',
      LOOPLINE_WRITE_KEY: 'll_wk_write-secret-value',
      LOOPLINE_SECRET_KEY: 'll_sk_admin-secret-value',
      LOOPLINE_SMTP_URL: 'smtps://mailer:smtp-pass-2@mail.example.com:465',
    });
    const redacted = redactedConfig(config);
    assert.equal(redacted.databaseUrl, 'postgres://***@db.internal:5432/loopline');
    assert.equal(redacted.smtpUrl, 'smtps://***@mail.example.com:465');
    assert.equal(redacted.writeKey, '***');
    assert.equal(redacted.secretKey, '***');
    assert.equal(redacted.port, 7300);
    assert.equal(redacted.store, 'postgres');
    const text = JSON.stringify(redacted);
    for (const secret of [
      'db-pass-1',
      'smtp-pass-2',
      'write-secret-value',
      'admin-secret-value',
      'loopline:',
    ]) {
      assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
    }
  });

  test('no part of a password leaks, whatever characters it holds or wherever the URL puts it', () => {
    const config = load({
      // An unencoded @ in the password: drivers take the last @ before the host as the separator.
      DATABASE_URL: 'postgres://app:p@ss-word-3@db.internal/loopline?sslmode=require&password=qs-pass-4',
      LOOPLINE_SMTP_URL: 'smtp://mailer:s@mtp-pass-5@mail.example.com:587',
    });
    const redacted = redactedConfig(config);
    const text = JSON.stringify(redacted);
    for (const secret of ['ss-word-3', 'qs-pass-4', 'mtp-pass-5']) {
      assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
    }
    assert.match(
      String(redacted.databaseUrl),
      /^postgres:\/\/\*\*\*@db\.internal\/loopline\?sslmode=require&/,
    );
    assert.match(String(redacted.smtpUrl), /^smtp:\/\/\*\*\*@mail\.example\.com:587$/);
  });

  test('unset secrets stay undefined and the config itself is not changed', () => {
    const config = load({ LOOPLINE_WRITE_KEY: KEY });
    const redacted = redactedConfig(config);
    assert.equal(redacted.secretKey, undefined);
    assert.equal(redacted.databaseUrl, undefined);
    assert.equal(redacted.smtpUrl, undefined);
    assert.equal(config.writeKey, KEY);
  });
});
