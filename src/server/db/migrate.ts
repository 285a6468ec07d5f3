import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export type Migration = { name: string; sql: string; checksum: string };

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Migration files: `YYYYMMDDHHMMSS_name.sql`, applied in name order, never edited once landed. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      if (!/^\d{14}_[a-z0-9_]+\.sql$/.test(file)) {
        throw new MigrationError(
          `Migration file name ${file} must look like 20260101120000_name.sql`,
        );
      }
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: crypto.createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Applies pending migrations in one transaction. Refuses (and changes nothing) when a migration
 * that was already applied has been edited or removed: history must not be rewritten.
 */
export async function migrate(pool: pg.Pool, migrations = readMigrations()): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    // Several app nodes starting at once: only one migrates, the others wait and then see it done.
    await client.query('select pg_advisory_xact_lock(727274001)');
    await client.query(`create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'select name, checksum from schema_migrations order by name',
    );
    const byName = new Map(migrations.map((m) => [m.name, m]));
    for (const row of rows) {
      const file = byName.get(row.name);
      if (!file) {
        throw new MigrationError(
          `Migration ${row.name} was applied to this database but its file is missing. ` +
            `Migrations are append-only; restore the file.`,
        );
      }
      if (file.checksum !== row.checksum) {
        throw new MigrationError(
          `Migration ${row.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)} ` +
            `recorded, ${file.checksum.slice(0, 12)} on disk). Migrations are append-only; ` +
            `revert the edit and add a new migration instead.`,
        );
      }
    }
    const applied = new Set(rows.map((r) => r.name));
    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const m of pending) {
      try {
        await client.query(m.sql);
      } catch (err) {
        throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      await client.query('insert into schema_migrations (name, checksum) values ($1, $2)', [
        m.name,
        m.checksum,
      ]);
    }
    await client.query('commit');
    return pending.map((m) => m.name);
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
