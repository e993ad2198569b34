"use client";

import { useEffect, useState } from "react";

/**
 * The token of a mailed link (/reset-password#tg_pwr_…, /verify-email#tg_vfy_…): it travels in the
 * fragment, which no server and no log sees, and is taken off the address bar at once. undefined
 * while reading, null when the page was opened without one.
 */
export function useLinkToken(): string | null | undefined {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const fromLink = window.location.hash.slice(1);
    if (fromLink) window.history.replaceState(null, "", window.location.pathname);
    setToken(fromLink || null);
  }, []);
  return token;
}
