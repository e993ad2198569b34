import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { CallOptions, Page, PageParams } from "../types/common.js";
import type { Policy, PolicyDocument, PolicySaved, PolicyVersion, SimulateInput, SimulateResult, ValidateResult } from "../types/policy.js";
import { call } from "./shared.js";

const CONTENT_TYPES = { yaml: "application/yaml", json: "application/json" } as const;

/** /api/v1/policy: the organization's one active policy document and its history. */
export class PolicyApi {
  constructor(private readonly http: Http) {}

  /** The active document with its snapshot (404 `not_found` before the first save). */
  get(options: CallOptions = {}): Promise<Policy> {
    return this.http.json({ method: "GET", path: "/api/v1/policy", ...call(options) });
  }

  /**
   * Saves a new version (admin). Text is sent as YAML unless `format: "json"`; an object is sent
   * as JSON. An invalid document fails with `422 invalid_policy` naming the rule and field.
   */
  put(document: string | PolicyDocument | Record<string, unknown>, options: CallOptions & { format?: "yaml" | "json" } = {}): Promise<PolicySaved> {
    const format = typeof document === "string" ? (options.format ?? "yaml") : "json";
    const body = typeof document === "string" ? document : JSON.stringify(document);
    return this.http.json({ method: "PUT", path: "/api/v1/policy", text: { body, contentType: CONTENT_TYPES[format] }, ...call(options) });
  }

  /** Version history, newest first. */
  versions(params: PageParams = {}, options: CallOptions = {}): Promise<Page<PolicyVersion>> {
    return this.http.json({ method: "GET", path: "/api/v1/policy/versions", query: params, ...call(options) });
  }

  versionsAll(options: CallOptions = {}): AsyncGenerator<PolicyVersion, void, undefined> {
    return paginate((cursor) => this.versions({ cursor }, options));
  }

  /** What a candidate policy would decide for recorded or hypothetical intents; nothing is saved. */
  simulate(input: SimulateInput, options: CallOptions = {}): Promise<SimulateResult> {
    return this.http.json({ method: "POST", path: "/api/v1/policy/simulate", json: input, ...call(options) });
  }

  /** The checks a save would make, as a result: ok with the snapshot, or every issue. */
  validate(input: { policy: string; format?: "yaml" | "json" }, options: CallOptions = {}): Promise<ValidateResult> {
    return this.http.json({ method: "POST", path: "/api/v1/policy/validate", json: input, ...call(options) });
  }
}
