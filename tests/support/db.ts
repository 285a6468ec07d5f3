import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/server/db/connection';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: path of a snapshot of a migrated database. */
    pgliteTemplate?: string;
    /** PostgreSQL: admin URL and the name of a migrated template database. */
    pgAdminUrl?: string;
    pgTemplate?: string;
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A migrated database of its own for one test file, copied from the template built once per run
 * (so no test file pays for migrations): PGlite in memory from a snapshot, or a PostgreSQL
 * database created from the template and dropped on close.
 */
export async function freshDatabase(): Promise<Database> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  if (adminUrl && template) {
    const name = `${template.replace('_tmpl_', '_t_')}_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const database = await openDatabase({
      kind: 'postgres',
      url: withDatabase(adminUrl, name),
      poolSize: 8,
    });
    return {
      ...database,
      close: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const snapshot = inject('pgliteTemplate');
  if (!snapshot) throw new Error('tests/support/global-setup.ts did not run');
  return openDatabase({
    kind: 'pglite',
    loadFrom: new Uint8Array(fs.readFileSync(snapshot)),
    poolSize: 8,
  });
}
