import { describe, expect, it } from "vitest";
import type { OrgTx } from "../../lib/db/scoped";
import { AppError } from "../../lib/errors";
import { IntentStatus } from "../../lib/generated/prisma/enums";
import { INTENT_TRANSITIONS, type Mover, moveIntent, transitionOf } from "../../lib/domain/intents/lifecycle";

type Status = (typeof IntentStatus)[keyof typeof IntentStatus];

/**
 * ../shared/API.md, Intents: "Only these transitions exist: pending_approval→approved|rejected|expired|cancelled;
 * allowed|approved→executing→succeeded|failed; allowed|approved→expired (token TTL passed unused)", plus the
 * proposal (the policy's outcome: allowed, denied or pending_approval), each with who may make it. A cancel is
 * the agent's, or comes with the revocation of the lease a request was for (by its agent or a member). The one
 * step that keeps its status is an escalation (Approvals: on_timeout escalate raises the role once).
 */
const CONTRACT: [from: Status | "proposed", to: Status, by: Mover[]][] = [
  ["proposed", "allowed", ["system"]],
  ["proposed", "denied", ["system"]],
  ["proposed", "pending_approval", ["system"]],
  ["pending_approval", "approved", ["member"]],
  ["pending_approval", "rejected", ["member"]],
  ["pending_approval", "expired", ["sweeper"]],
  ["pending_approval", "cancelled", ["agent", "member"]],
  ["pending_approval", "pending_approval", ["sweeper"]],
  ["allowed", "executing", ["agent"]],
  ["approved", "executing", ["agent"]],
  ["executing", "succeeded", ["agent"]],
  ["executing", "failed", ["agent"]],
  ["allowed", "expired", ["sweeper"]],
  ["approved", "expired", ["sweeper"]],
];

const STATUSES = Object.values(IntentStatus) as Status[];
const legal = (from: Status, to: Status) => CONTRACT.some(([f, t]) => f === from && t === to);
const refusal = (from: Status, to: Status) => {
  try {
    transitionOf(from, to);
  } catch (error) {
    return error instanceof AppError ? error.code : error;
  }
  return null;
};

describe("the intent transition table", () => {
  it("holds exactly the contract's transitions, each with who may make it", () => {
    const table = Object.entries(INTENT_TRANSITIONS).flatMap(([from, tos]) => Object.entries(tos).map(([to, t]) => [from, to, [...(t?.by ?? [])]]));
    expect(table.sort()).toEqual([...CONTRACT].sort());
  });

  it("refuses every other pair with the contract's error code", () => {
    const refused = STATUSES.flatMap((from) => STATUSES.filter((to) => !legal(from, to)).map((to) => [from, to, refusal(from, to)]));
    const expected = (to: Status) => (to === "executing" || to === "succeeded" || to === "failed" ? "not_executable" : "already_resolved");
    expect(refused).toEqual(refused.map(([from, to]) => [from, to, expected(to as Status)]));
    expect(refusal("succeeded", "approved")).toBe("already_resolved");
    expect(refusal("rejected", "approved")).toBe("already_resolved");
    expect(refusal("expired", "executing")).toBe("not_executable");
    expect(refusal("pending_approval", "succeeded")).toBe("not_executable");
  });

  it("states who writes which decisions-log line, stamp and event", () => {
    expect(transitionOf("pending_approval", "approved")).toMatchObject({ stamp: "resolvedAt", decision: "approval", event: "intent.resolved" });
    expect(transitionOf("pending_approval", "expired")).toMatchObject({ stamp: "resolvedAt", decision: "timeout", event: "intent.resolved" });
    expect(transitionOf("approved", "expired")).toEqual({ by: ["sweeper"], event: "intent.expired" });
    expect(transitionOf("allowed", "executing")).toMatchObject({ stamp: "executedAt", decision: "execution", event: "intent.executing" });
    expect(transitionOf("executing", "failed")).toEqual({ by: ["agent"], stamp: "completedAt", event: "intent.completed" });
    expect(transitionOf("proposed", "pending_approval")).toMatchObject({ decision: "policy", audit: "intent.proposed", event: "intent.pending" });
    expect(transitionOf("proposed", "denied")).toMatchObject({ decision: "policy", audit: "intent.proposed", event: "intent.resolved" });
    expect(transitionOf("pending_approval", "pending_approval")).toMatchObject({ stamp: "escalatedAt", audit: "intent.escalated", event: "intent.escalated" });
  });
});

describe("moveIntent", () => {
  const intent = (status: Status) => ({ id: "int_1", status, action: "deploy", leaseId: null, payload: {} });
  // No transaction at all: a refusal must come before the first write, which would fail on it instead.
  const noTx = undefined as unknown as OrgTx;

  it("refuses an illegal transition before writing anything", async () => {
    for (const [from, to, code] of [["succeeded", "approved", "already_resolved"], ["rejected", "approved", "already_resolved"], ["expired", "executing", "not_executable"]] as const) {
      await expect(moveIntent(noTx, "org_1", intent(from), to, { actor: { type: "user", id: "usr_1" }, audit: {} })).rejects.toMatchObject({ code });
    }
  });

  it("refuses a mover the table does not name", async () => {
    await expect(moveIntent(noTx, "org_1", intent("pending_approval"), "approved", { actor: { type: "agent", id: "agt_1" }, audit: {} })).rejects.toThrow(/^agent may not/);
    await expect(moveIntent(noTx, "org_1", intent("allowed"), "expired", { actor: { type: "user", id: "usr_1" }, audit: {} })).rejects.toThrow(/^member may not/);
  });
});
