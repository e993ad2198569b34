"use client";

import { useState } from "react";
import { Button } from "./button";

interface Props {
  label: string;
  /** The question shown in place of the button, e.g. "Delete billing-bot?" */
  question: string;
  confirmLabel?: string;
  variant?: "reject" | "primary";
  busy?: boolean;
  disabled?: boolean;
  testId: string;
  onConfirm: () => void;
}

/** A destructive action that asks first, inline (no browser dialog), and can be called off. */
export function ConfirmButton({ label, question, confirmLabel = label, variant = "reject", busy, disabled, testId, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant="secondary" className="px-2.5 py-1 text-xs" disabled={disabled || busy} onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </Button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5" data-testid={`${testId}-confirm`}>
      <span className="text-xs text-slate-700">{question}</span>
      <Button
        variant={variant}
        className="px-2.5 py-1 text-xs"
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={`${testId}-yes`}
      >
        {confirmLabel}
      </Button>
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setAsking(false)} data-testid={`${testId}-cancel`}>
        Cancel
      </Button>
    </span>
  );
}
