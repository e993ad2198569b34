"use client";

import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/states";

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-3">
      <ErrorNote>Something went wrong loading this page{error.digest ? ` (ref ${error.digest})` : ""}.</ErrorNote>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
