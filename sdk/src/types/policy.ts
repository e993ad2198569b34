import type { PolicyValidation, SimulatePolicy, Simulation } from "./contract.js";

export type { Policy, PolicyDocument, PolicySaved, PolicyVersion } from "./contract.js";

export type SimulateInput = SimulatePolicy;
export type SimulateResult = Simulation;
export type ValidateResult = PolicyValidation;
export type PolicyIssue = Extract<PolicyValidation, { ok: false }>["issues"][number];
