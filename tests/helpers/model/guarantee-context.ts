import { createHash } from "node:crypto";
import type { ApiResponse } from "../api";
import type { Real } from "./guarantee-fixture";
import type { Model } from "./guarantee-model";

/**
 * A broken promise, with the class it belongs to (the report groups counterexamples by class).
 * Safety classes: the app let something through the model says it must not. `contract-*`
 * classes: the app refused or answered differently from what API.md predicts (less permissive,
 * or the wrong code) — not a hole, but the contract says otherwise.
 */
export class Violation extends Error {
  constructor(
    readonly cls: string,
    message: string,
  ) {
    super(`[${cls}] ${message}`);
    this.name = "Violation";
  }
}

export interface Ctx {
  m: Model;
  r: Real;
  /** Short names for ids in the step log: I1, L1, … */
  labels: Map<string, string>;
  step: number;
  /** How often each situation came up, over every sequence of the run (the coverage report). */
  tags: Map<string, number>;
}

export function tag(ctx: Ctx, name: string) {
  ctx.tags.set(name, (ctx.tags.get(name) ?? 0) + 1);
}

export function label(ctx: Ctx, id: string | null | undefined, prefix = "I"): string {
  if (!id) return "-";
  let name = ctx.labels.get(id);
  if (!name) {
    name = `${prefix}${[...ctx.labels.values()].filter((v) => v.startsWith(prefix)).length + 1}`;
    ctx.labels.set(id, name);
  }
  return name;
}

export const memberName = (ctx: Ctx, userId: string) => ctx.m.members.find((x) => x.userId === userId)?.key ?? userId;

export function log(ctx: Ctx, line: string) {
  ctx.r.log.push(`#${ctx.step} ${line}`);
}

/** Never a 500, whatever the step. */
export function no5xx(res: ApiResponse, what: string) {
  if (res.status >= 500) throw new Violation("server-error", `${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
}

export const code = (res: ApiResponse): string | undefined => res.body?.error?.code;
export const brief = (res: ApiResponse) => `${res.status} ${res.status < 300 ? (res.body?.status ?? "") : (code(res) ?? "")}`.trim();

/** The contract's payload_hash, computed here: sha256 of the canonical JSON (the suite's payloads are {"n": k}). */
export const payloadHashOf = (n: number) => `sha256:${createHash("sha256").update(`{"n":${n}}`).digest("hex")}`;

/** HTTP status of each refusal code the model predicts. */
export const STATUS_OF: Record<string, number> = {
  unauthorized: 401,
  forbidden: 403,
  separation_of_duties: 403,
  step_up_required: 403,
  invalid_execution_token: 403,
  already_approved_by_user: 409,
  already_resolved: 409,
  approval_expired: 409,
  token_used: 409,
  token_expired: 409,
  not_executable: 409,
  payload_mismatch: 409,
  policy_changed: 409,
  lease_revoked: 409,
  lease_expired: 409,
  conflict: 409,
  not_found: 404,
};
