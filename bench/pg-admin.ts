import pg from 'pg';

/** The same server and credentials, another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`The URL ${redact(url)} names no database`);
  return name;
}

/** A URL safe to print: the password is replaced. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates the database named in `url` unless it exists. The statement runs on the server's
 * `postgres` maintenance database, since the target cannot be connected to before it exists.
 * Returns whether it was created.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  return withClient(withDatabase(url, 'postgres'), async (c) => {
    const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await c.query(`create database ${c.escapeIdentifier(name)}`);
    return true;
  });
}

/** Creates a database on the server of `serverUrl` (connecting through that URL's database). */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await withClient(serverUrl, (c) => c.query(`create database ${c.escapeIdentifier(name)}`));
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (c) =>
    c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`),
  );
}
