import { z } from "zod";

/**
 * The contract's named schemas, each registered where it is declared: its id is its OpenAPI
 * component name (lib/openapi) and its SDK type name (scripts/generate-sdk-types.ts). Every
 * request body and JSON response an operation declares must be registered here.
 * A name ending in "List" is the paginated envelope ({items, next_cursor}); an unpaginated
 * collection gets another name (DecisionLog, Passkeys).
 */
export const contract = z.registry<{ id: string }>();
// In the browser zod must not probe `new Function` (the CSP reports even a caught one): set before any schema exists.
if (typeof window !== "undefined") z.config({ jitless: true });
