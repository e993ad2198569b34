import { type Role, roleAtLeast } from "../roles";
import type { Operation } from "./operation";

/**
 * Whether route() would admit this signed-in member to the operation (its caller kind and role),
 * so the dashboard shows a control exactly when the API would take the call. `atLeast`: a role
 * the item itself asks for on top (an intent's approver role).
 */
export function mayCall(operation: Pick<Operation, "caller" | "role">, viewer: { role: Role }, atLeast?: Role): boolean {
  if (operation.caller === "agent") return false;
  return [operation.role, atLeast].every((minimum) => !minimum || roleAtLeast(viewer.role, minimum));
}
