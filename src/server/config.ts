import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Every setting is parsed once at boot; when anything is wrong
 * the server refuses to start and lists every problem at once.
 */

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  CONDUIT_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  CONDUIT_DB_POOL_SIZE: int(8, 1, 100),
  CONDUIT_ADMIN_EMAIL: z.email().optional(),
  CONDUIT_ADMIN_PASSWORD: z.string().min(10).max(256).optional(),
  CONDUIT_DEMO: bool.default(false),
  CONDUIT_PUBLIC_URL: z.url().optional(),
  CONDUIT_PROCESS: z.enum(['all', 'web', 'worker']).default('all'),
  CONDUIT_SERVE_WEB: bool.default(true),
  CONDUIT_TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONDUIT_BODY_LIMIT_BYTES: int(1_048_576, 1024),
  // Files live in the database (bytea); keep them business-document sized.
  CONDUIT_FILE_MAX_BYTES: int(10_485_760, 1024, 268_435_456),
  // Import files are stored in the database too, in chunks, and read back as a stream.
  CONDUIT_IMPORT_MAX_BYTES: int(52_428_800, 1024, 1_073_741_824),
  CONDUIT_MAX_IN_FLIGHT: int(256, 1),
  CONDUIT_MAX_EVENT_LOOP_DELAY_MS: int(1000, 0),
  CONDUIT_SESSION_IDLE_MINUTES: int(240, 1),
  CONDUIT_SESSION_ABSOLUTE_HOURS: int(168, 1),
  CONDUIT_LOGIN_MAX_PER_ACCOUNT: int(10, 1),
  CONDUIT_LOGIN_MAX_PER_IP: int(100, 1),
  CONDUIT_LOGIN_WINDOW_MINUTES: int(15, 1),
  CONDUIT_INVITE_TTL_HOURS: int(72, 1),
  CONDUIT_APPLICATION_MIN_FILL_SECONDS: int(3, 0, 3600),
  CONDUIT_APPLICATIONS_PER_IP_PER_HOUR: int(5, 1),
  CONDUIT_EMAIL_TRANSPORT: z.enum(['log', 'smtp']).default('log'),
  CONDUIT_EMAIL_FROM: z.string().min(3).default('Conduit <no-reply@localhost>'),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: int(587, 1, 65535),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  CONDUIT_JOB_POLL_MS: int(1000, 10),
  CONDUIT_SHUTDOWN_GRACE_MS: int(10_000, 0),
  // A running job whose lock is older than this belongs to a dead worker and is run again.
  CONDUIT_JOB_STALE_AFTER_MS: int(300_000, 1000),
});

/** Checks across variables; run even when single values are wrong, so every problem is listed. */
function crossProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if ((env.CONDUIT_ADMIN_EMAIL === undefined) !== (env.CONDUIT_ADMIN_PASSWORD === undefined)) {
    problems.push(
      'CONDUIT_ADMIN_PASSWORD: CONDUIT_ADMIN_EMAIL and CONDUIT_ADMIN_PASSWORD must be set together',
    );
  }
  if (env.CONDUIT_EMAIL_TRANSPORT === 'smtp' && !env.SMTP_HOST) {
    problems.push('SMTP_HOST: required when CONDUIT_EMAIL_TRANSPORT=smtp');
  }
  return problems;
}

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof EnvSchema>) {
  const publicUrl = (env.CONDUIT_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(env.CONDUIT_DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    dbPoolSize: env.CONDUIT_DB_POOL_SIZE,
    admin:
      env.CONDUIT_ADMIN_EMAIL && env.CONDUIT_ADMIN_PASSWORD
        ? { email: env.CONDUIT_ADMIN_EMAIL, password: env.CONDUIT_ADMIN_PASSWORD }
        : undefined,
    demo: env.CONDUIT_DEMO,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    process: env.CONDUIT_PROCESS,
    serveWeb: env.CONDUIT_SERVE_WEB,
    trustProxy: env.CONDUIT_TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.CONDUIT_BODY_LIMIT_BYTES,
    fileMaxBytes: env.CONDUIT_FILE_MAX_BYTES,
    importMaxBytes: env.CONDUIT_IMPORT_MAX_BYTES,
    maxInFlight: env.CONDUIT_MAX_IN_FLIGHT,
    maxEventLoopDelayMs: env.CONDUIT_MAX_EVENT_LOOP_DELAY_MS,
    session: {
      idleMs: env.CONDUIT_SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: env.CONDUIT_SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
    loginThrottle: {
      maxPerAccount: env.CONDUIT_LOGIN_MAX_PER_ACCOUNT,
      maxPerIp: env.CONDUIT_LOGIN_MAX_PER_IP,
      windowMs: env.CONDUIT_LOGIN_WINDOW_MINUTES * 60_000,
    },
    inviteTtlMs: env.CONDUIT_INVITE_TTL_HOURS * 3_600_000,
    applications: {
      minFillMs: env.CONDUIT_APPLICATION_MIN_FILL_SECONDS * 1000,
      maxPerIpPerHour: env.CONDUIT_APPLICATIONS_PER_IP_PER_HOUR,
    },
    email: {
      transport: env.CONDUIT_EMAIL_TRANSPORT,
      from: env.CONDUIT_EMAIL_FROM,
      smtp: {
        host: env.SMTP_HOST ?? '',
        port: env.SMTP_PORT,
        secure: env.SMTP_SECURE,
        user: env.SMTP_USER,
        password: env.SMTP_PASSWORD,
      },
    },
    jobPollMs: env.CONDUIT_JOB_POLL_MS,
    shutdownGraceMs: env.CONDUIT_SHUTDOWN_GRACE_MS,
    jobStaleAfterMs: env.CONDUIT_JOB_STALE_AFTER_MS,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Conduit cannot start; the configuration has problems:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (process.env by default). Throws ConfigError listing every problem. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  // Treat empty strings as unset so `FOO= npm start` behaves like not setting FOO.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`)),
    ...crossProblems(cleaned),
  ];
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  return { ...toConfig(parsed.data), ...overrides };
}
