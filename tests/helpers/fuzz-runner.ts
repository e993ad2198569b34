import fc from "fast-check";
import { expect } from "vitest";
import { type SeededOrg, fingerprint } from "./two-orgs";

/**
 * The fuzzing suite's knobs, both environment variables:
 * - FUZZ_RUNS: generated inputs per property (default 400; each route has three to six properties,
 *   so 1,200 to 2,400 inputs per route, 800 for the two public ones).
 * - FUZZ_SEED: the base seed (default fixed, so every run tries the same inputs; "random" picks
 *   one and prints it). Each property derives its own seed from it and its name, so a failure
 *   reproduces with the printed FUZZ_SEED and a `-t` filter on the test's name.
 */
export const FUZZ_RUNS = positiveInt(process.env.FUZZ_RUNS, 400);
export const FUZZ_SEED = process.env.FUZZ_SEED === "random" ? Date.now() % 2 ** 31 : positiveInt(process.env.FUZZ_SEED, 20_260_301);
if (process.env.FUZZ_SEED === "random") console.log(`[fuzz] FUZZ_SEED=${FUZZ_SEED}`);

/** Longest any single request may take before it counts as a hang. */
export const REQUEST_TIMEOUT_MS = 5_000;

function positiveInt(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** A property's own seed: FNV-1a of the base seed and its name. */
export function seedFor(name: string): number {
  let hash = 0x811c9dc5 ^ FUZZ_SEED;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash | 0;
}

/** The promise, or a rejection naming a hang after `ms`; `onTimeout` may abort the request. */
export async function within<T>(ms: number, promise: Promise<T>, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`no answer within ${ms} ms (a hang)`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Inputs of one property run together, as a client firing requests side by side would send them:
 * most of a request's time is spent waiting on the database, so a batch costs little more than
 * one request. FUZZ_RUNS counts inputs, not batches.
 */
export const BATCH = 8;

export interface FuzzOptions {
  /** Inputs of this property (default FUZZ_RUNS). */
  runs?: number;
  /** Inputs sent at once (default BATCH; 1 for checks that time or order requests). */
  batch?: number;
  /** Orgs whose rows no run may change (the fingerprint before and after the whole property). */
  unchanged: SeededOrg[];
}

/**
 * Runs `check` on `runs` generated inputs, `batch` at a time, with the property's own seed. A
 * failing batch is shrunk by fast-check, then its failing input is shrunk again on its own, so
 * the error shows one minimal input. The orgs' fingerprint is compared once around the whole
 * property; when it moved, the same inputs are replayed with a fingerprint after every batch, so
 * the batch that wrote is named (and shrunk) like any other failure.
 */
export async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (input: T) => Promise<void>, options: FuzzOptions): Promise<void> {
  const seed = seedFor(name);
  const batch = options.batch ?? BATCH;
  const numRuns = Math.ceil((options.runs ?? FUZZ_RUNS) / batch);
  const batches = fc.array(arbitrary, { minLength: batch, maxLength: batch });
  let failing: { input: T } | undefined;
  const checkBatch = async (inputs: T[]) => {
    const results = await Promise.allSettled(inputs.map((input) => check(input)));
    const failed = results.findIndex((r) => r.status === "rejected");
    if (failed < 0) return;
    failing = { input: inputs[failed] };
    const reason = (results[failed] as PromiseRejectedResult).reason;
    throw new Error(`input ${failed + 1} of the batch: ${short(fc.stringify(inputs[failed]))}\n${reason instanceof Error ? reason.message : String(reason)}`);
  };
  const snapshot = () => fingerprint(options.unchanged);
  const before = await snapshot();
  const error = await failure(fc.asyncProperty(batches, checkBatch), { seed, numRuns });
  if (error) {
    // Shrunk alone; if the input does not fail on its own (it needed its batch), the batch is the answer.
    const alone = failing && (await failure(fc.asyncProperty(arbitrary, check), { seed, numRuns: 1, examples: [[failing.input]] }));
    throw report(alone ? `${name} (the failing input of a batch, shrunk on its own)` : name, seed, alone ?? error);
  }
  const after = await snapshot();
  if (JSON.stringify(after) === JSON.stringify(before)) return;

  let last = after;
  const writer = await failure(
    fc.asyncProperty(batches, async (inputs) => {
      await checkBatch(inputs);
      const now = await snapshot();
      const previous = last;
      last = now;
      expect(now, "a request of this batch wrote to rows that must not change").toEqual(previous);
    }),
    { seed, numRuns },
  );
  if (writer) throw report(`${name} (replayed to find the request that wrote)`, seed, writer);
  expect(after, `${name}: a request wrote to the database, and replaying the same inputs did not find which`).toEqual(before);
}

const short = (text: string) => (text.length > 2000 ? `${text.slice(0, 2000)}…` : text);

async function failure<Ts extends [unknown]>(property: fc.IAsyncProperty<Ts>, params: fc.Parameters<Ts>): Promise<unknown> {
  try {
    await fc.assert(property, { endOnFailure: false, ...params });
    return undefined;
  } catch (error) {
    return error;
  }
}

function report(name: string, seed: number, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `\nGot error: ${error.cause.message}` : "";
  return new Error(`fuzz property "${name}" failed. Reproduce with FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS} (property seed ${seed}).\n${message}${cause}`);
}
