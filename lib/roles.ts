import { ROLE_RANK, type Role } from "./policy/types";

export { ROLES, ROLE_RANK, type Role } from "./policy/types";

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}
