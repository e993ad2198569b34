import { randomUUID } from "node:crypto";
import { type RetryTiming, backoffDelay, sleep, withRetries } from "./backoff.js";
import type { Tollgate } from "./client.js";
import { TollgateTimeoutError, isRetryable, isTollgateError } from "./errors.js";
import { blockedError } from "./gate-errors.js";
import type { JsonObject } from "./types/common.js";
import type { Intent, IntentContext, IntentSummary, ProposeIntentInput, Stage } from "./types/intents.js";

/** A fixed value, or one computed from the gated call's arguments. */
type Resolvable<T, A extends unknown[]> = T | ((...args: A) => T);

export interface GateOptions<A extends unknown[], R> {
  client: Tollgate;
  action: string;
  stage?: Stage;
  environment?: Resolvable<string | undefined, A>;
  destination?: Resolvable<string | undefined, A>;
  amount?: Resolvable<number | undefined, A>;
  currency?: Resolvable<string | undefined, A>;
  riskTags?: Resolvable<string[] | undefined, A>;
  summary?: Resolvable<IntentSummary | undefined, A>;
  rationale?: Resolvable<string | undefined, A>;
  leaseId?: Resolvable<string | undefined, A>;
  context?: Resolvable<IntentContext | undefined, A>;
  /** What is proposed and hashed; default: the single argument, or the array of all of them. */
  payload?: (...args: A) => unknown;
  /** The result's `output`; default: the tool's result if it is a plain object, else `{value: result}`. */
  output?: (result: R) => JsonObject | undefined;
  /** How long to wait for a human (default 10 minutes). */
  timeoutMs?: number;
  /** Seconds each long-poll holds while waiting (default 30). */
  pollSeconds?: number;
  /** Stops waiting; a pending proposal is then cancelled. */
  signal?: Resolvable<AbortSignal | undefined, A>;
  /** Cancel the pending proposal when the wait times out or is aborted (default true). */
  cancelOnTimeout?: boolean;
  /** Called once when the intent goes to the approval queue, before waiting. */
  onPending?: (intent: Intent) => void;
  /** Reporting the result failed even after retries; the tool's outcome stands (default: console.warn). */
  onReportError?: (error: unknown, intent: Intent) => void;
  /** Delays between retries of failed requests. */
  retry?: RetryTiming;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/**
 * Wraps a tool so every call goes through Tollgate first: propose (with a fresh Idempotency-Key,
 * so a retried proposal is not a second one), wait for a human when the policy asks for one,
 * execute with the single-use token, run the tool, report how it went. A call that may not run
 * throws an IntentBlockedError subclass carrying the reason code; the tool's own errors are
 * reported as `failed` and rethrown unchanged.
 */
export function gate<A extends unknown[], R>(toolFn: (...args: A) => R | Promise<R>, options: GateOptions<A, Awaited<R>>): (...args: A) => Promise<Awaited<R>> {
  const { client } = options;
  return async (...args: A): Promise<Awaited<R>> => {
    const signal = resolve(options.signal, args);
    const idempotencyKey = randomUUID();
    const proposal = proposalFor(options, args);
    let intent = await withRetries(() => client.intents.propose(proposal, { idempotencyKey, signal }), { signal, timing: options.retry });
    if (intent.status === "pending_approval") intent = await awaitDecision(intent, options, signal);
    const blocked = blockedError(intent);
    if (blocked) throw blocked;

    await execute(client, intent, signal, options.retry);
    let result: Awaited<R>;
    try {
      result = await toolFn(...args);
    } catch (error) {
      await report(client, intent, { status: "failed", error: errorText(error) }, options);
      throw error;
    }
    await report(client, intent, { status: "succeeded", output: (options.output ?? defaultOutput)(result) }, options);
    return result;
  };
}

function proposalFor<A extends unknown[], R>(options: GateOptions<A, R>, args: A): ProposeIntentInput {
  const payload = options.payload ? options.payload(...args) : args.length === 1 ? args[0] : args;
  return dropUndefined({
    action: options.action,
    stage: options.stage,
    environment: resolve(options.environment, args),
    destination: resolve(options.destination, args),
    amount: resolve(options.amount, args),
    currency: resolve(options.currency, args),
    risk_tags: resolve(options.riskTags, args),
    summary: resolve(options.summary, args),
    rationale: resolve(options.rationale, args),
    lease_id: resolve(options.leaseId, args),
    context: resolve(options.context, args),
    payload,
  });
}

/** Waits for the human decision; on giving up, withdraws the proposal unless told not to. */
async function awaitDecision<A extends unknown[], R>(intent: Intent, options: GateOptions<A, R>, signal: AbortSignal | undefined): Promise<Intent> {
  options.onPending?.(intent);
  const { client } = options;
  try {
    return await client.waitForDecision(intent.id, {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      pollSeconds: options.pollSeconds,
      signal,
      retry: options.retry,
    });
  } catch (error) {
    const gaveUp = error instanceof TollgateTimeoutError || signal?.aborted;
    if (!gaveUp || options.cancelOnTimeout === false) throw error;
    const settled = await withdraw(client, intent.id);
    // A decision that landed just as the wait ran out stands: run if approved, say why if not.
    if (settled && error instanceof TollgateTimeoutError) return settled;
    throw error;
  }
}

/** Cancels a pending proposal; if it was resolved meanwhile, answers the resolved intent. */
async function withdraw(client: Tollgate, intentId: string): Promise<Intent | null> {
  try {
    await client.intents.cancel(intentId, { reason: "The agent stopped waiting for a decision" });
    return null;
  } catch (error) {
    if (!isTollgateError(error, "already_resolved")) return null;
    return client.intents.get(intentId).catch(() => null);
  }
}

/**
 * Spends the token. After a network failure the request may still have reached the server, so
 * the intent is re-read: `executing` means it did; still executable means try again.
 */
async function execute(client: Tollgate, intent: Intent, signal: AbortSignal | undefined, timing: RetryTiming | undefined): Promise<Intent> {
  const token = intent.execution_token;
  if (!token) throw new Error(`Intent ${intent.id} is ${intent.status} but came without an execution token`);
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.intents.execute(intent.id, { execution_token: token, payload_hash: intent.payload_hash }, { signal });
    } catch (error) {
      if (!isRetryable(error) || attempt >= 3) throw error;
      await sleep(backoffDelay(attempt, timing), signal);
      const now = await withRetries(() => client.intents.get(intent.id, { signal }), { signal, timing });
      if (now.status === "executing") return now;
      if (now.status !== "allowed" && now.status !== "approved") throw blockedError(now) ?? error;
    }
  }
}

/** Reports the outcome, retrying like execute; a failure that persists goes to onReportError. */
async function report<A extends unknown[], R>(client: Tollgate, intent: Intent, input: { status: "succeeded" | "failed"; output?: JsonObject; error?: string }, options: GateOptions<A, R>): Promise<void> {
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.intents.reportResult(intent.id, dropUndefined(input));
        return;
      } catch (error) {
        if (!isRetryable(error) || attempt >= 3) throw error;
        await sleep(backoffDelay(attempt, options.retry));
        const now = await withRetries(() => client.intents.get(intent.id), { timing: options.retry });
        if (now.status !== "executing") return;
      }
    }
  } catch (error) {
    if (options.onReportError) options.onReportError(error, intent);
    else console.warn(`[tollgate] could not report the result of intent ${intent.id}: ${errorText(error)}`);
  }
}

function resolve<T, A extends unknown[]>(value: Resolvable<T, A> | undefined, args: A): T | undefined {
  return typeof value === "function" ? (value as (...args: A) => T)(...args) : value;
}

function defaultOutput(result: unknown): JsonObject | undefined {
  if (result === undefined) return undefined;
  const plain = result !== null && typeof result === "object" && !Array.isArray(result) && Object.getPrototypeOf(result) === Object.prototype;
  return plain ? (result as JsonObject) : { value: result };
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 10_000);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
