import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type Running } from '../support/server-process';

/**
 * The server as a real process on the embedded database: one process per data directory,
 * clean SIGTERM, and nothing acknowledged is lost to kill -9.
 */
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-proc-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const ADMIN = {
  CONDUIT_ADMIN_EMAIL: 'boss@proc.test',
  CONDUIT_ADMIN_PASSWORD: 'process-test-password',
};

async function signIn(s: Running): Promise<string> {
  const res = await fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: ADMIN.CONDUIT_ADMIN_EMAIL,
      password: ADMIN.CONDUIT_ADMIN_PASSWORD,
    }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const token = await fetch(`${s.url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: s.url },
    body: JSON.stringify({ name: 'proc' }),
  });
  return ((await token.json()) as { token: string }).token;
}

const createPartner = (s: Running, token: string, name: string) =>
  fetch(`${s.url}/api/partners`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ companyName: name }),
  });

const partnerNames = async (s: Running, token: string) => {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await fetch(`${s.url}/api/partners?limit=200${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as {
      data: { companyName: string }[];
      nextCursor: string | null;
    };
    names.push(...body.data.map((p) => p.companyName));
    cursor = body.nextCursor;
  } while (cursor);
  return names;
};

describe('embedded database process safety', () => {
  it('refuses a second process on the same data directory, stops cleanly on SIGTERM, then restarts', async () => {
    const dataDir = tmp();
    const first = await startServer({ CONDUIT_DATA_DIR: dataDir, ...ADMIN });
    const token = await signIn(first);
    expect((await createPartner(first, token, 'Before restart')).status).toBe(201);

    const second = await startServer({ CONDUIT_DATA_DIR: dataDir }, { expectExit: true });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(
      `is in use by another Conduit process (PID ${first.child.pid})`,
    );
    // The first is unharmed.
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped');
    expect(fs.existsSync(path.join(dataDir, 'conduit.lock'))).toBe(false);

    const again = await startServer({ CONDUIT_DATA_DIR: dataDir, ...ADMIN });
    try {
      expect(await partnerNames(again, token)).toContain('Before restart');
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }, 300_000);

  it('keeps every acknowledged write through kill -9, and the next start takes over the stale lock', async () => {
    const dataDir = tmp();
    const server = await startServer({ CONDUIT_DATA_DIR: dataDir, ...ADMIN });
    const token = await signIn(server);
    const acknowledged: string[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await createPartner(server, token, `Crash ${i}`);
          if (res.status === 201) acknowledged.push(`Crash ${i}`);
        } catch {
          return; // the process is gone
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 1500));
    server.child.kill('SIGKILL');
    stop = true;
    await writer;
    await server.exited;
    expect(acknowledged.length).toBeGreaterThan(5);
    expect(fs.existsSync(path.join(dataDir, 'conduit.lock'))).toBe(true);

    const restarted = await startServer({ CONDUIT_DATA_DIR: dataDir });
    try {
      const names = await partnerNames(restarted, token);
      for (const n of acknowledged) expect(names).toContain(n);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  }, 300_000);

  it('refuses to start with a readable list of configuration problems', async () => {
    const bad = await startServer(
      { PORT: 'eighty', CONDUIT_EMAIL_TRANSPORT: 'smtp', CONDUIT_ADMIN_EMAIL: 'x@y.test' },
      { expectExit: true },
    );
    expect(await bad.exited).toBe(1);
    const out = bad.output();
    expect(out).toContain('configuration has problems');
    expect(out).toContain('PORT');
    expect(out).toContain('SMTP_HOST');
    expect(out).toContain('CONDUIT_ADMIN_PASSWORD');
    expect(out).not.toMatch(/at \w+ \(/); // no stack trace
  }, 150_000);
});
