import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types';
import { acquireDataDirLock } from './lock';

export type Database = {
  /** Kysely over `pg`, whichever database is behind it. */
  db: Kysely<DB>;
  pool: pg.Pool;
  mode: 'pglite' | 'postgres';
  /** PGlite only: a snapshot of the whole data directory (used to build test templates). */
  dump?: () => Promise<Uint8Array>;
  close: () => Promise<void>;
};

export type OpenOptions =
  | { kind: 'postgres'; url: string; poolSize: number }
  | {
      kind: 'pglite';
      /** Directory for the data files; undefined keeps everything in memory. */
      dataDir?: string;
      /** Start from this snapshot (from `dump`), e.g. a migrated template. */
      loadFrom?: Uint8Array;
      /** Ignored: PGlite is always reached over a single connection (see below). */
      poolSize: number;
    };

const int8AsNumber = (v: string) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
};
const DATE_OID = 1082;
const asText = (v: string) => v;
// One parser table for both modes: counts (int8) come back as numbers, as they do in-process;
// calendar dates stay 'YYYY-MM-DD' text, because a JS Date would shift them by the time zone.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === 20
      ? int8AsNumber
      : oid === DATE_OID
        ? asText
        : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

function makeDb(pool: pg.Pool) {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** Kysely only ends the pool if it used it; migrations use the pool directly. */
async function closePool(db: Kysely<DB>, pool: pg.Pool) {
  await db.destroy();
  if (!pool.ended) await pool.end();
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize, types });
    pool.on('error', () => {
      /* an idle client died; the pool replaces it */
    });
    const db = makeDb(pool);
    return { db, pool, mode: 'postgres', close: () => closePool(db, pool) };
  }
  return openPglite(opts);
}

async function openPglite(opts: Extract<OpenOptions, { kind: 'pglite' }>): Promise<Database> {
  const release = opts.dataDir ? acquireDataDirLock(opts.dataDir) : () => {};
  // Unix socket paths are limited to ~100 bytes, so the socket lives in a short temp dir.
  const sockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdt-'));
  const port = 5432;
  const socketPath = path.join(sockDir, `.s.PGSQL.${port}`);
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: {
      dataDir: opts.dataDir ? path.join(opts.dataDir, 'pg') : undefined,
      socketPath,
      // pglite-socket refuses connections past this; room for the pool's one connection plus a
      // replacement while a dropped one is still closing.
      maxConnections: 4,
      loadFrom: opts.loadFrom,
    },
  });
  const cleanup = () => {
    fs.rmSync(sockDir, { recursive: true, force: true });
    release();
  };

  const nextMessage = <T extends { type: string }>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMsg = (m: { type: string; message?: string }) => {
        if (m.type === type) {
          worker.off('message', onMsg);
          worker.off('error', onErr);
          resolve(m as T);
        } else if (m.type === 'error') {
          worker.off('message', onMsg);
          worker.off('error', onErr);
          reject(new Error(`Embedded database failed: ${m.message}`));
        }
      };
      const onErr = (err: Error) => {
        worker.off('message', onMsg);
        reject(err);
      };
      worker.on('message', onMsg);
      worker.on('error', onErr);
    });

  try {
    await nextMessage('ready');
  } catch (err) {
    await worker.terminate();
    cleanup();
    throw err;
  }

  const pool = new pg.Pool({
    host: sockDir,
    port,
    user: 'postgres',
    database: 'postgres',
    // One connection. pglite-socket queues each protocol message on its own, so the
    // Parse/Bind/Execute of two connections interleave and bind each other's unnamed statement
    // ("bind message supplies 3 parameters, but prepared statement \"\" requires 1"), which
    // can run the wrong query. PGlite executes one statement at a time anyway; what one
    // connection costs is only the overlap of protocol work.
    max: 1,
    types,
  });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  const db = makeDb(pool);
  let closed = false;
  return {
    db,
    pool,
    mode: 'pglite',
    dump: async () => {
      worker.postMessage({ type: 'dump' });
      return (await nextMessage<{ type: string; data: Uint8Array }>('dumped')).data;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await closePool(db, pool);
      worker.postMessage({ type: 'close' });
      // close() checkpoints the WAL, so the next start needs no recovery.
      await nextMessage('closed').catch(() => undefined);
      await worker.terminate();
      cleanup();
    },
  };
}
