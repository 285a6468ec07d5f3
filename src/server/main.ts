import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { buildApp, LOG_REDACT, ROOT, WEB_DIST } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db/connection';
import { DataDirLockedError } from './db/lock';
import { migrate, MigrationError } from './db/migrate';
import { bootstrapAdmin, loadDemo } from './db/seed';
import type { Deps } from './deps';
import { createJobs } from './jobs';
import { startWorker } from './jobs/worker';

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

/** `npm start` builds the web app when it is missing or older than its sources. */
async function ensureWebBuilt(log: pino.Logger) {
  const built = newestMtime(path.join(WEB_DIST, 'index.html'));
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'src', 'web')),
    newestMtime(path.join(ROOT, 'src', 'shared')),
    newestMtime(path.join(ROOT, 'vite.config.ts')),
    newestMtime(path.join(ROOT, 'index.html')),
    newestMtime(path.join(ROOT, 'postcss.config.cjs')),
  );
  if (built && built >= sources) return;
  log.info('building the web app…');
  const { build } = await import('vite');
  await build({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  log.info('web app built');
}

async function open(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: config.dbPoolSize })
    : openDatabase({ kind: 'pglite', dataDir: config.dataDir, poolSize: config.dbPoolSize });
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = pino({ level: config.logLevel, redact: LOG_REDACT });

  if (config.process !== 'worker' && config.serveWeb) await ensureWebBuilt(log);

  let database: Database;
  try {
    database = await open(config);
    const applied = await migrate(database.pool);
    if (applied.length) log.info({ applied }, 'applied migrations');
  } catch (err) {
    if (err instanceof DataDirLockedError || err instanceof MigrationError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  log.info(
    { mode: database.mode, dataDir: database.mode === 'pglite' ? config.dataDir : undefined },
    'database ready',
  );

  const deps: Deps = { db: database.db, config, log };
  await bootstrapAdmin(deps);
  if (config.demo) await loadDemo(deps);

  const app =
    config.process !== 'worker'
      ? await buildApp(deps, { logger: log, serveWeb: config.serveWeb })
      : null;
  const worker =
    config.process !== 'web'
      ? startWorker({
          db: database.db,
          jobs: createJobs({ db: database.db, config, logger: log }),
          pollMs: config.jobPollMs,
          logger: log,
          shutdownGraceMs: config.shutdownGraceMs,
          staleAfterMs: config.jobStaleAfterMs,
        })
      : null;
  if (app) await app.listen({ port: config.port, host: config.host });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    force.unref();
    // Stop taking requests and let in-flight ones finish, stop taking jobs and finish or release
    // the current one, then close the database (PGlite checkpoints its WAL on close).
    await Promise.allSettled([app?.close(), worker?.stop()]);
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
