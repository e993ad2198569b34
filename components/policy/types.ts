import type { z } from "zod";
import type { ZPolicyValidation, ZSimulation } from "@/lib/schemas/responses/policy";

export type PolicyFormat = "yaml" | "json";
export type PolicyIssue = Extract<z.output<typeof ZPolicyValidation>, { ok: false }>["issues"][number];
export type SimulationResult = z.output<typeof ZSimulation>;
