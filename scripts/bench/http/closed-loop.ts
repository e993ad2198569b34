import type { LoadResult } from "./propose";
import { quantile } from "./stats";

/** One worker of a closed loop: `run` is one timed operation; `release` frees what the worker held. */
export interface LoopWorker {
  run: () => Promise<void>;
  release?: () => void;
}

/**
 * `workers` concurrent workers, each running its operation back to back for `seconds` (a closed
 * loop, like autocannon's connections): throughput, and latency quantiles of the operations that
 * succeeded. A failed operation is counted, not timed.
 */
export async function closedLoop(workers: number, seconds: number, startWorker: () => Promise<LoopWorker>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: unknown = null;
  const deadline = performance.now() + seconds * 1000;
  const work = async () => {
    const worker = await startWorker();
    try {
      while (performance.now() < deadline) {
        const started = performance.now();
        try {
          await worker.run();
          latencies.push(performance.now() - started);
        } catch (error) {
          errors++;
          firstError ??= error;
        }
      }
    } finally {
      worker.release?.();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, work));
  const elapsed = (performance.now() - started) / 1000;
  // A run with failures is reported, never silently averaged in.
  if (firstError) console.error(`[bench] ${errors} operations failed; the first: ${(firstError as Error).message}`);
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), non2xx: 0, errors };
}
