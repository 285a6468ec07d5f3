/**
 * The HTTP side of the benchmark, run as a child process by bench/run.ts so that generating load
 * and timing responses never shares an event loop with the server being measured (a frozen
 * server thread must not also freeze the clock that times it).
 *
 * Commands arrive over IPC; see Command and Reply.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { summarize, type Summary } from './stats';

export type LoadRequest = {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  duration: number;
  /** seconds before a request counts as a timeout (autocannon's default: 10) */
  timeout?: number;
};

export type LoadResult = {
  /** autocannon's mean of per-second completed-request counts. */
  reqPerSec: number;
  /** Every response's time, as reported per response by autocannon (sub-millisecond). */
  latency: Summary;
  non2xx: number;
  errors: number;
  timeouts: number;
};

export type ProbeTarget = { label: string; url: string; headers?: Record<string, string> };
export type ProbeResult = {
  label: string;
  /** Latency of the 200 responses. */
  latency: Summary;
  /** Count of other responses by status (e.g. 503 when the app sheds load). */
  otherStatuses: Record<string, number>;
  errors: number;
};

/** One GET whose body is read and thrown away (a large export), timed from request to last byte. */
export type DownloadRequest = { url: string; headers?: Record<string, string> };
export type DownloadResult = {
  status: number;
  bytes: number;
  /** newline characters in the body */
  lines: number;
  firstByteMs: number;
  ms: number;
};

export type Command =
  | { type: 'load'; request: LoadRequest }
  | { type: 'download'; request: DownloadRequest }
  | { type: 'probe-start'; targets: ProbeTarget[]; intervalMs: number }
  | { type: 'probe-stop' }
  | { type: 'exit' };

export type Reply =
  | { type: 'ready' }
  | { type: 'loaded'; result: LoadResult }
  | { type: 'downloaded'; result: DownloadResult }
  | { type: 'probing' }
  | { type: 'probed'; results: ProbeResult[] }
  | { type: 'failed'; message: string };

async function load(req: LoadRequest): Promise<LoadResult> {
  const samples: number[] = [];
  const instance = autocannon({
    url: req.url,
    headers: req.headers ?? {},
    connections: req.connections,
    duration: req.duration,
    ...(req.timeout ? { timeout: req.timeout } : {}),
  });
  // autocannon's own histogram stores whole milliseconds and has no p95, so keep every sample.
  instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
    samples.push(responseTimeMs);
  });
  const result = await instance;
  return {
    reqPerSec: result.requests.average,
    latency: summarize(samples),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * Open-loop probe: one request every `intervalMs` per target whether or not earlier ones have
 * answered, so a stall shows up in many samples instead of hiding behind one slow request.
 */
function startProbe(targets: ProbeTarget[], intervalMs: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  let inFlight = 0;
  type State = ProbeTarget & {
    samples: number[];
    otherStatuses: Record<string, number>;
    errors: number;
  };
  const state = targets.map((t): State => ({ ...t, samples: [], otherStatuses: {}, errors: 0 }));
  const timer = setInterval(() => {
    for (const s of state) {
      const t0 = performance.now();
      inFlight++;
      const req = http.get(s.url, { agent, headers: s.headers ?? {} }, (res) => {
        res.resume();
        res.on('end', () => {
          inFlight--;
          const status = res.statusCode ?? 0;
          if (status === 200) s.samples.push(performance.now() - t0);
          else s.otherStatuses[status] = (s.otherStatuses[status] ?? 0) + 1;
        });
      });
      req.on('error', () => {
        inFlight--;
        s.errors++;
      });
    }
  }, intervalMs);
  return async (): Promise<ProbeResult[]> => {
    clearInterval(timer);
    // Let requests that were sent during the measured window finish (bounded, in case of a hang).
    const deadline = Date.now() + 10_000;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    agent.destroy();
    return state.map((s) => ({
      label: s.label,
      latency: summarize(s.samples),
      otherStatuses: s.otherStatuses,
      errors: s.errors,
    }));
  };
}

function download(req: DownloadRequest): Promise<DownloadResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstByteMs = Number.NaN;
    let bytes = 0;
    let lines = 0;
    const r = http.get(req.url, { headers: req.headers ?? {} }, (res) => {
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - t0;
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          bytes,
          lines,
          firstByteMs,
          ms: performance.now() - t0,
        }),
      );
      res.on('error', reject);
    });
    r.on('error', reject);
  });
}

function reply(msg: Reply) {
  process.send?.(msg);
}

let stopProbe: (() => Promise<ProbeResult[]>) | undefined;

process.on('message', (cmd: Command) => {
  const run = async () => {
    switch (cmd.type) {
      case 'load':
        reply({ type: 'loaded', result: await load(cmd.request) });
        break;
      case 'download':
        reply({ type: 'downloaded', result: await download(cmd.request) });
        break;
      case 'probe-start':
        stopProbe = startProbe(cmd.targets, cmd.intervalMs);
        reply({ type: 'probing' });
        break;
      case 'probe-stop': {
        const results = (await stopProbe?.()) ?? [];
        stopProbe = undefined;
        reply({ type: 'probed', results });
        break;
      }
      case 'exit':
        process.disconnect(); // exits through the 'disconnect' handler
        break;
    }
  };
  run().catch((err: unknown) =>
    reply({ type: 'failed', message: String((err as Error).stack ?? err) }),
  );
});

// Never outlive the benchmark process, even mid-run.
process.on('disconnect', () => process.exit(0));

reply({ type: 'ready' });
