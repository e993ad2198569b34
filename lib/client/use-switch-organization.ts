"use client";

import { useSession } from "next-auth/react";

/**
 * Moves the signed-in session to another of the person's organizations.
 * next-auth's `update()` silently does nothing while the session is still loading, so a click
 * before then would open the old organization; `ready` is false until it can work, and
 * `switchTo` answers whether the session now names the organization asked for.
 */
export function useSwitchOrganization() {
  const { status, update } = useSession();
  return {
    ready: status === "authenticated",
    async switchTo(orgId: string): Promise<boolean> {
      const session = (await update({ orgId })) as { orgId?: unknown } | null | undefined;
      return session?.orgId === orgId;
    },
  };
}
