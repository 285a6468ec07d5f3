import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/server/config';
import { openDatabase } from '../../src/server/db/connection';
import { migrate } from '../../src/server/db/migrate';
import { withDatabase } from './db';

/** Migrates one template database per run; every test file starts from a copy of it. */
export default async function setup(project: TestProject) {
  process.env.TZ = 'UTC';
  const config = loadConfig();
  if (config.databaseUrl) {
    const adminUrl = config.databaseUrl;
    const template = `conduit_tmpl_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${template}`);
    await admin.end();
    const database = await openDatabase({
      kind: 'postgres',
      url: withDatabase(adminUrl, template),
      poolSize: 2,
    });
    await migrate(database.pool);
    await database.close();
    project.provide('pgAdminUrl', adminUrl);
    project.provide('pgTemplate', template);
    return async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      // The template, plus any test database a crashed test file left behind.
      const { rows } = await c.query<{ datname: string }>(
        `select datname from pg_database where datname = $1 or starts_with(datname, $2)`,
        [template, `${template.replace('_tmpl_', '_t_')}_`],
      );
      for (const r of rows) await c.query(`drop database if exists ${r.datname} with (force)`);
      await c.end();
    };
  }
  const database = await openDatabase({ kind: 'pglite', poolSize: 2 });
  await migrate(database.pool);
  const snapshot = await database.dump!();
  await database.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-tmpl-')), 'template.tar');
  fs.writeFileSync(file, snapshot);
  project.provide('pgliteTemplate', file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
