"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ApiErrorBody, ApiResult } from "@/lib/client/api-client";
import { ErrorNote } from "./states";

type RowError = { id: string; message: string } | null;

/**
 * Per-row actions of a list panel (rotate, delete, redeliver…): which row is busy, the error of
 * the row whose action failed, and `run`, which sends one row's request, refreshes the page when
 * it succeeded and answers its data (null when it failed, the error then shown on that row).
 */
export function useRowActions(describe: (error: ApiErrorBody) => string = (error) => error.message) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<RowError>(null);

  async function run<T>(id: string, request: () => Promise<ApiResult<T>>): Promise<T | null> {
    setBusy(id);
    setError(null);
    const res = await request();
    setBusy(null);
    if (!res.ok) {
      setError({ id, message: describe(res.error) });
      return null;
    }
    router.refresh();
    return res.data;
  }

  return { busy, error, run };
}

/** The error of a row's failed action, under that row. */
export function RowErrorNote({ error, id, testId }: { error: RowError; id: string; testId?: string }) {
  if (error?.id !== id) return null;
  return (
    <div className="mt-2" data-testid={testId}>
      <ErrorNote>{error.message}</ErrorNote>
    </div>
  );
}
