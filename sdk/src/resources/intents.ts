import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { CallOptions, Page } from "../types/common.js";
import type {
  DecisionLogEntry,
  ExecuteInput,
  Intent,
  ListIntentsParams,
  ProposeIntentInput,
  ReportResultInput,
} from "../types/intents.js";
import type { IntentReceipt } from "../types/audit.js";
import { call, seg } from "./shared.js";

/** How long past `wait` a long-poll may take before it counts as a network failure. */
const LONG_POLL_GRACE_MS = 15_000;

export interface ProposeOptions extends CallOptions {
  /** Same key + same body answers the original intent; same key + another body is `idempotency_conflict`. */
  idempotencyKey?: string;
}

export interface GetIntentOptions extends CallOptions {
  /** Hold the request up to this many seconds (≤ 60) while the intent is pending_approval. */
  wait?: number;
}

/** /api/v1/intents: agents propose, execute and report; members read. */
export class Intents {
  constructor(private readonly http: Http) {}

  propose(input: ProposeIntentInput, options: ProposeOptions = {}): Promise<Intent> {
    const headers = options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : undefined;
    return this.http.json({ method: "POST", path: "/api/v1/intents", json: input, headers, ...call(options) });
  }

  get(id: string, options: GetIntentOptions = {}): Promise<Intent> {
    const wait = options.wait ? Math.min(60, Math.max(0, Math.floor(options.wait))) : undefined;
    const timeoutMs = options.timeoutMs ?? (wait ? wait * 1000 + LONG_POLL_GRACE_MS : undefined);
    return this.http.json({ method: "GET", path: `/api/v1/intents/${seg(id)}`, query: { wait }, signal: options.signal, timeoutMs });
  }

  list(params: ListIntentsParams = {}, options: CallOptions = {}): Promise<Page<Intent>> {
    return this.http.json({ method: "GET", path: "/api/v1/intents", query: params, ...call(options) });
  }

  /** Every matching intent, newest first, fetching pages as the loop goes. */
  listAll(params: Omit<ListIntentsParams, "cursor"> = {}, options: CallOptions = {}): AsyncGenerator<Intent, void, undefined> {
    return paginate((cursor) => this.list({ ...params, cursor }, options));
  }

  /** Every policy decision and human resolution, oldest first. */
  decisions(id: string, options: CallOptions = {}): Promise<{ items: DecisionLogEntry[] }> {
    return this.http.json({ method: "GET", path: `/api/v1/intents/${seg(id)}/decisions`, ...call(options) });
  }

  /** Spends the single-use execution token; the intent turns `executing`. */
  /** After execution: the signed receipt (`jws`), which verifyReceipt() checks offline with the JWK Set. */
  receipt(id: string, options: CallOptions = {}): Promise<IntentReceipt> {
    return this.http.json({ method: "GET", path: `/api/v1/intents/${seg(id)}/receipt`, ...call(options) });
  }

  execute(id: string, input: ExecuteInput, options: CallOptions = {}): Promise<Intent> {
    return this.http.json({ method: "POST", path: `/api/v1/intents/${seg(id)}/execute`, json: input, ...call(options) });
  }

  reportResult(id: string, input: ReportResultInput, options: CallOptions = {}): Promise<Intent> {
    return this.http.json({ method: "POST", path: `/api/v1/intents/${seg(id)}/result`, json: input, ...call(options) });
  }

  /** Withdraws a pending proposal. */
  cancel(id: string, input: { reason?: string } = {}, options: CallOptions = {}): Promise<Intent> {
    return this.http.json({ method: "POST", path: `/api/v1/intents/${seg(id)}/cancel`, json: input, ...call(options) });
  }
}
