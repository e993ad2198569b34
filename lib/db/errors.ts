/**
 * Whether a write failed on a unique index, whichever way it ran: a Prisma model query (P2002),
 * a Prisma raw query (P2010 carrying PostgreSQL's code) or the pg pool (SQLSTATE 23505).
 */
export function isUniqueViolation(error: unknown): boolean {
  const { code, meta } = (error ?? {}) as { code?: unknown; meta?: { code?: unknown } };
  return code === "P2002" || code === "23505" || (code === "P2010" && meta?.code === "23505");
}
