import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './lock';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-lock-'));

describe('data directory lock', () => {
  it('is exclusive within a process and released on demand', () => {
    const dir = tmp();
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'conduit.lock'), 'utf8').trim()).toBe(
      String(process.pid),
    );
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    release();
    expect(fs.existsSync(path.join(dir, 'conduit.lock'))).toBe(false);
    acquireDataDirLock(dir)();
  });

  it('refuses when a live process holds it, naming the PID', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'conduit.lock'), `${process.ppid}\n`);
    expect(() => acquireDataDirLock(dir)).toThrow(`PID ${process.ppid}`);
  });

  it('takes over a lock left by a dead process', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'conduit.lock'), '2147483646\n');
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'conduit.lock'), 'utf8').trim()).toBe(
      String(process.pid),
    );
    release();
  });

  it('treats a garbled lock file as stale', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'conduit.lock'), 'garbage');
    acquireDataDirLock(dir)();
  });
});
