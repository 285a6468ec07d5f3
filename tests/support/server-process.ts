import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type Running = {
  child: ChildProcess;
  port: number;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
};

/** Starts `src/server/main.ts` as a real process and waits until it listens. */
export function startServer(
  env: Record<string, string>,
  opts: { expectExit?: boolean; timeoutMs?: number } = {},
): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CONDUIT_SERVE_WEB: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time:\n${out}`));
    }, opts.timeoutMs ?? 120_000);
    const running = (port: number): Running => ({
      child,
      port,
      url: `http://127.0.0.1:${port}`,
      output: () => out,
      exited,
    });
    child.stdout.on('data', () => {
      const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(running(Number(m[1])));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      if (opts.expectExit) resolve(running(0));
      else reject(new Error(`server exited early:\n${out}`));
    });
  });
}
