import path from 'node:path';

/** Everything Loopline reads from its environment, validated once and frozen. */
export type Config = Readonly<{
  port: number;
  host: string;
  /** `sqlite` unless DATABASE_URL is a postgres:// URL. */
  store: 'sqlite' | 'postgres';
  sqlitePath: string;
  /**
   * `normal`: a commit is durable once it is in the WAL, which survives a crash of the process; the WAL
   * reaches the disk at the next checkpoint (within a second), so a power cut can lose that much.
   * `full`: every commit waits for an fsync, which also survives a power cut but makes each request wait
   * for the disk, behind whatever else it is writing.
   */
  sqliteSync: 'normal' | 'full';
  databaseUrl: string | undefined;
  writeKey: string | undefined;
  secretKey: string | undefined;
  smtpUrl: string | undefined;
  logLevel: string;
  /** Base URL the server is reached at, used in the browser settings document. */
  publicUrl: string | undefined;
  /** Believe X-Forwarded-For/-Proto/-Host: only behind a reverse proxy that sets them. */
  trustProxy: boolean;
  /** Events waiting to be committed before ingest answers 429. */
  ingestQueueMax: number;
  /** Most events committed in one group-commit transaction. */
  ingestBatchMax: number;
  /** Hours between refits of each workspace's prediction models (BG/NBD, Gamma-Gamma); 0 never refits. */
  predictIntervalHours: number;
  /** The first dashboard admin, created at start when no user exists yet (both or neither). */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
}>;

/** The settings whose values must never appear in logs or error messages. */
export const SECRET_SETTINGS = [
  'LOOPLINE_WRITE_KEY',
  'LOOPLINE_SECRET_KEY',
  'DATABASE_URL',
  'LOOPLINE_SMTP_URL',
  'LOOPLINE_ADMIN_PASSWORD',
];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  // Plain decimal digits only: Number() would also take 0x1F, 1e3 and ' 80 '.
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${env[name]}"`);
  }
  return raw as T;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/**
 * Reads and validates the configuration.
 * @example loadConfig({ LOOPLINE_PORT: '8080' }).port // 8080
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const logLevel = optional(env, 'LOOPLINE_LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOOPLINE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const smtpUrl = optional(env, 'LOOPLINE_SMTP_URL');
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new ConfigError('LOOPLINE_SMTP_URL must be an smtp:// or smtps:// URL');
  }
  const publicUrl = optional(env, 'LOOPLINE_PUBLIC_URL');
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl)) {
    throw new ConfigError('LOOPLINE_PUBLIC_URL must be an http:// or https:// URL');
  }
  for (const name of ['LOOPLINE_WRITE_KEY', 'LOOPLINE_SECRET_KEY']) {
    const key = optional(env, name);
    if (key !== undefined && (key.length < 16 || /\s|:/.test(key))) {
      throw new ConfigError(`${name} must be at least 16 characters with no spaces or colons`);
    }
  }
  const adminEmail = optional(env, 'LOOPLINE_ADMIN_EMAIL');
  const adminPassword = env.LOOPLINE_ADMIN_PASSWORD || undefined;
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError('set both LOOPLINE_ADMIN_EMAIL and LOOPLINE_ADMIN_PASSWORD, or neither');
  }
  if (adminPassword !== undefined && adminPassword.length < 10) {
    throw new ConfigError('LOOPLINE_ADMIN_PASSWORD must have at least 10 characters');
  }
  const config: Config = {
    port: integer(env, 'LOOPLINE_PORT', 7300, 0, 65535),
    host: optional(env, 'LOOPLINE_HOST') ?? '0.0.0.0',
    store: databaseUrl ? 'postgres' : 'sqlite',
    sqlitePath: path.resolve(cwd, optional(env, 'LOOPLINE_DB') ?? '.loopline/loopline.db'),
    sqliteSync: oneOf(env, 'LOOPLINE_SQLITE_SYNC', ['normal', 'full'] as const, 'normal'),
    databaseUrl,
    writeKey: optional(env, 'LOOPLINE_WRITE_KEY'),
    secretKey: optional(env, 'LOOPLINE_SECRET_KEY'),
    smtpUrl,
    logLevel,
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    trustProxy: boolean(env, 'LOOPLINE_TRUST_PROXY'),
    ingestQueueMax: integer(env, 'LOOPLINE_INGEST_QUEUE_MAX', 50_000, 500, 10_000_000),
    ingestBatchMax: integer(env, 'LOOPLINE_INGEST_BATCH_MAX', 10_000, 1, 100_000),
    predictIntervalHours: integer(env, 'LOOPLINE_PREDICT_INTERVAL_HOURS', 24, 0, 24 * 365),
    adminEmail,
    adminPassword,
  };
  return Object.freeze(config);
}

/** A view of the configuration that is safe to log: secrets are replaced by a marker. */
export function redactedConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: redactUrl(config.databaseUrl),
    writeKey: config.writeKey ? '***' : undefined,
    secretKey: config.secretKey ? '***' : undefined,
    smtpUrl: redactUrl(config.smtpUrl),
    adminPassword: config.adminPassword ? '***' : undefined,
  };
}

/**
 * The user info runs to the last @ before the host, since a password may hold an unencoded @; and the
 * PostgreSQL drivers also take a password from the query string (`?password=`).
 */
function redactUrl(url: string | undefined): string | undefined {
  return url
    ?.replace(/\/\/[^/?#]*@/, '//***@')
    .replace(/([?&][^=&#]*(?:pass|secret|token|key)[^=&#]*=)[^&#]*/gi, '$1***');
}
