import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase } from '../../../tests/support/db';
import type { Database } from './connection';
import { migrate, MigrationError, readMigrations } from './migrate';

let database: Database;
let dir: string;
beforeAll(async () => {
  database = await freshDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-mig-'));
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, body: string) => fs.writeFileSync(path.join(dir, name), body);

describe('migrations', () => {
  it('the template already holds every migration with its checksum', async () => {
    const rows = await sql<{
      name: string;
      checksum: string;
    }>`select name, checksum from schema_migrations order by name`.execute(database.db);
    expect(rows.rows.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
    expect(await migrate(database.pool)).toEqual([]);
  });

  it('applies pending files in order, and refuses an edited or removed one', async () => {
    write('29990101000000_extra_a.sql', 'create table extra_a (id int);');
    write('29990101000001_extra_b.sql', 'create table extra_b (id int);');
    const all = [...readMigrations(), ...readMigrations(dir)];
    expect(await migrate(database.pool, all)).toEqual([
      '29990101000000_extra_a',
      '29990101000001_extra_b',
    ]);

    write('29990101000000_extra_a.sql', 'create table extra_a (id int, sneaky text);');
    const edited = [...readMigrations(), ...readMigrations(dir)];
    await expect(migrate(database.pool, edited)).rejects.toThrow(
      /29990101000000_extra_a was changed after it was applied/,
    );

    const removed = [
      ...readMigrations(),
      ...readMigrations(dir).filter((m) => !m.name.endsWith('extra_b')),
    ];
    await expect(migrate(database.pool, removed)).rejects.toBeInstanceOf(MigrationError);
    write('29990101000000_extra_a.sql', 'create table extra_a (id int);');
  });

  it('applies a run in one transaction: a failing file leaves nothing behind', async () => {
    write('29990101000002_good.sql', 'create table will_vanish (id int);');
    write('29990101000003_bad.sql', 'create table oops (id int); select no_such_function();');
    await expect(
      migrate(database.pool, [...readMigrations(), ...readMigrations(dir)]),
    ).rejects.toThrow(/29990101000003_bad failed/);
    const t = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_tables where tablename in ('will_vanish', 'oops')`.execute(
      database.db,
    );
    expect(t.rows[0]!.n).toBe(0);
  });

  it('refuses badly named files', () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-mig-bad-'));
    fs.writeFileSync(path.join(bad, 'add_stuff.sql'), 'select 1;');
    expect(() => readMigrations(bad)).toThrow(/must look like/);
    fs.rmSync(bad, { recursive: true });
  });
});
