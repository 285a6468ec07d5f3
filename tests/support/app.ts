import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app';
import { loadConfig, type Config } from '../../src/server/config';
import type { Database } from '../../src/server/db/connection';
import type { Deps, Logger } from '../../src/server/deps';
import type { App } from '../../src/server/http/types';
import { freshDatabase } from './db';

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

export const TEST_ORIGIN = 'http://localhost:3000';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CONDUIT_PUBLIC_URL: TEST_ORIGIN,
    // Event-loop based shedding would make a loaded CI machine flaky; tested on its own.
    CONDUIT_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env,
  });
}

export type TestEnv = { app: App; deps: Deps; database: Database; close: () => Promise<void> };

/** A fresh database and an app on it, for one test file. */
export async function createTestEnv(env: Record<string, string> = {}): Promise<TestEnv> {
  const database = await freshDatabase();
  const deps: Deps = { db: database.db, config: testConfig(env), log: silentLogger };
  const app = await buildApp(deps);
  return {
    app,
    deps,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export type Auth = { cookie?: string; bearer?: string } | null;

export type Res<T = any> = {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
};

/** Requests as a given caller; cookie callers send a same-origin Origin like a browser does. */
export function client(app: App, auth: Auth = null) {
  const headers = (): Record<string, string> => {
    const h: Record<string, string> = {};
    if (auth?.cookie) {
      h.cookie = auth.cookie;
      h.origin = TEST_ORIGIN;
    }
    if (auth?.bearer) h.authorization = `Bearer ${auth.bearer}`;
    return h;
  };
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<Res> => {
    const raw = await app.inject({
      method,
      url,
      headers: { ...headers(), ...extra },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    let parsed: unknown = raw.body;
    if (String(raw.headers['content-type'] ?? '').includes('application/json') && raw.body)
      parsed = JSON.parse(raw.body);
    return { status: raw.statusCode, body: parsed, headers: raw.headers, raw };
  };
  return {
    get: (url: string, extra?: Record<string, string>) => call('GET', url, undefined, extra),
    post: (url: string, body?: unknown, extra?: Record<string, string>) =>
      call('POST', url, body ?? {}, extra),
    patch: (url: string, body?: unknown, extra?: Record<string, string>) =>
      call('PATCH', url, body ?? {}, extra),
    delete: (url: string, extra?: Record<string, string>) => call('DELETE', url, undefined, extra),
  };
}
export type Client = ReturnType<typeof client>;
