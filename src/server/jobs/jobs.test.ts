import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backoffMs } from './queue';
import { defineJob, indexJobs, PermanentJobError, type JobContext } from './registry';
import { cronJobId, cronSlot } from './scheduler';

const ctx = (): JobContext => ({
  jobId: 'j1',
  name: 'test.job',
  attempt: 1,
  maxAttempts: 3,
  runAt: new Date(),
  signal: new AbortController().signal,
  logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
});

describe('backoffMs', () => {
  it('doubles per attempt, with jitter between half and the full delay', () => {
    expect(backoffMs(1, () => 0)).toBe(5_000);
    expect(backoffMs(1, () => 1)).toBe(10_000);
    expect(backoffMs(2, () => 1)).toBe(20_000);
    expect(backoffMs(4, () => 0.5)).toBe(60_000);
  });

  it('is capped at an hour', () => {
    expect(backoffMs(30, () => 1)).toBe(3_600_000);
    expect(backoffMs(1000, () => 1)).toBe(3_600_000);
  });
});

describe('cron slots', () => {
  it('is the latest slot at or before now, in UTC', () => {
    expect(cronSlot('0 3 * * *', new Date('2026-03-10T10:00:00Z')).toISOString()).toBe(
      '2026-03-10T03:00:00.000Z',
    );
    expect(cronSlot('0 3 * * *', new Date('2026-03-10T02:59:59.999Z')).toISOString()).toBe(
      '2026-03-09T03:00:00.000Z',
    );
    // A slot is due at its own instant.
    expect(cronSlot('0 3 * * *', new Date('2026-03-10T03:00:00Z')).toISOString()).toBe(
      '2026-03-10T03:00:00.000Z',
    );
  });

  it('gives every moment of one slot the same deterministic id', () => {
    const a = cronJobId(
      'maintenance.prune',
      cronSlot('*/15 * * * *', new Date('2026-03-10T10:15:00Z')),
    );
    const b = cronJobId(
      'maintenance.prune',
      cronSlot('*/15 * * * *', new Date('2026-03-10T10:29:59Z')),
    );
    const c = cronJobId(
      'maintenance.prune',
      cronSlot('*/15 * * * *', new Date('2026-03-10T10:30:00Z')),
    );
    expect(a).toBe('cron:maintenance.prune:2026-03-10T10:15:00.000Z');
    expect(b).toBe(a);
    expect(c).toBe('cron:maintenance.prune:2026-03-10T10:30:00.000Z');
  });
});

describe('defineJob', () => {
  it('validates the payload before running, failing permanently', async () => {
    const seen: number[] = [];
    const job = defineJob({
      name: 'test.job',
      payload: z.object({ n: z.number() }),
      run: async ({ n }) => {
        seen.push(n);
      },
    });
    await job.execute({ n: 1 }, ctx());
    await expect(job.execute({ n: 'one' }, ctx())).rejects.toBeInstanceOf(PermanentJobError);
    await expect(job.execute({ n: 'one' }, ctx())).rejects.toThrow(
      /Invalid payload for job test\.job: n:/,
    );
    expect(seen).toEqual([1]);
  });

  it('refuses bad definitions at boot', () => {
    const payload = z.object({});
    const run = async () => {};
    expect(() => defineJob({ name: 'Bad Name', payload, run })).toThrow(/name/);
    expect(() => defineJob({ name: 'a.b', payload, run, maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => defineJob({ name: 'a.b', payload, run, cron: 'every day' })).toThrow(
      /invalid cron/,
    );
    expect(() =>
      defineJob({ name: 'a.b', payload: z.object({ id: z.string() }), run, cron: '0 * * * *' }),
    ).toThrow(/must accept \{\}/);
    const one = defineJob({ name: 'a.b', payload, run });
    expect(() => indexJobs([one, one])).toThrow(/defined twice/);
  });
});
