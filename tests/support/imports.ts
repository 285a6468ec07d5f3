import { expect } from 'vitest';
import type { TestEnv } from './app';
import type { Actor } from './factories';
import { createImportJobs } from '../../src/server/features/imports/imports.jobs';
import { memoryLogger } from '../../src/server/jobs/test-logger';
import { startWorker } from '../../src/server/jobs/worker';
import type { ImportRun, ImportSettings } from '../../src/shared/imports';

type Part = { name: string; value: string } | { name: string; filename: string; data: Buffer };

/** A multipart/form-data body, built by hand so tests control every byte of the file part. */
export function multipart(parts: Part[]) {
  const boundary = `----conduit${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`,
        ),
      );
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        p.data,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV text of the rows (the first one the header). */
export const csv = (rows: string[][]) => rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';

/** Import tests' helpers, bound to one test environment. */
export function importHelpers(env: TestEnv) {
  async function uploadRaw(as: Actor | null, parts: Part[]) {
    const { payload, contentType } = multipart(parts);
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: {
        'content-type': contentType,
        ...(as ? { cookie: as.cookie, origin: 'http://localhost:3000' } : {}),
      },
      payload,
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
  }

  async function upload(as: Actor, text: string, entity = 'leads'): Promise<ImportRun> {
    const res = await uploadRaw(as, [
      { name: 'entity', value: entity },
      { name: 'file', filename: `${entity}.csv`, data: Buffer.from(text) },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  /** Runs every due import job the way the worker does. */
  async function runJobs() {
    const worker = startWorker({
      db: env.deps.db,
      jobs: createImportJobs(env.deps),
      pollMs: 1000,
      logger: memoryLogger(),
      loop: false,
    });
    const ran = await worker.runOnce();
    await worker.stop();
    return ran;
  }

  async function get(as: Actor, id: string): Promise<ImportRun> {
    const res = await as.http.get(`/api/imports/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Upload, run with the settings, wait for the job; the finished import. */
  async function imported(as: Actor, text: string, s: ImportSettings, entity = 'leads') {
    const up = await upload(as, text, entity);
    const res = await as.http.post(`/api/imports/${up.id}/run`, s);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.status).toBe('queued');
    await runJobs();
    const done = await get(as, up.id);
    expect(done.status, JSON.stringify(done)).toBe('done');
    return done;
  }

  return { uploadRaw, upload, runJobs, get, imported };
}

export type ImportHelpers = ReturnType<typeof importHelpers>;
