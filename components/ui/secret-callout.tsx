"use client";

import { useState } from "react";
import { Button } from "./button";

/**
 * A freshly minted secret, shown this once: copy it now, it cannot be shown again (only its hash
 * is stored). Stays until dismissed, so a refresh of the list around it does not lose it.
 */
export function SecretCallout({ title, secret, note, onDismiss }: { title: string; secret: string; note?: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid="secret-callout">
      <p className="text-sm font-semibold text-amber-900">{title}</p>
      <p className="mt-0.5 text-sm text-amber-900">
        {note ?? "Copy it now and store it somewhere safe. It will not be shown again; if it is lost, rotate or create a new one."}
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          className="min-w-0 flex-1 break-all rounded-md border border-amber-200 bg-white px-2.5 py-1.5 font-mono text-xs text-slate-900 select-all"
          data-testid="secret-value"
        >
          {secret}
        </code>
        <div className="flex gap-2">
          <Button variant="primary" onClick={copy} data-testid="copy-secret">
            {copied === "yes" ? "Copied" : "Copy"}
          </Button>
          <Button variant="secondary" onClick={onDismiss} data-testid="dismiss-secret">
            Done
          </Button>
        </div>
      </div>
      {copied === "failed" ? <p className="mt-2 text-xs text-amber-900">The browser blocked the clipboard: select the text and copy it by hand.</p> : null}
    </div>
  );
}
