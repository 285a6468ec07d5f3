// autocannon ships no types; this covers only what bench/load-client.ts uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export type Options = {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
    headers?: Record<string, string>;
    /** Seconds before a request counts as a timeout. */
    timeout?: number;
  };

  /**
   * Summary of an hdr histogram. autocannon records latencies as whole milliseconds and offers no
   * p95, which is why the bench keeps its own per-response samples.
   */
  export type Histogram = {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  };

  export type Result = {
    url: string;
    connections: number;
    /** Seconds actually run. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    latency: Histogram;
    /** Per-second request counts; `average` is the usual "req/s" figure. */
    requests: Histogram & { sent: number };
    throughput: Histogram;
  };

  export type Instance = EventEmitter &
    PromiseLike<Result> & {
      on(
        event: 'response',
        listener: (
          client: unknown,
          statusCode: number,
          resBytes: number,
          responseTimeMs: number,
        ) => void,
      ): Instance;
      on(event: 'error', listener: (err: Error) => void): Instance;
    };

  function autocannon(opts: Options): Instance;
  export default autocannon;
}
