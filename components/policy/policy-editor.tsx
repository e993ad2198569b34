"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SelectInput } from "@/components/ui/form";
import { ErrorNote } from "@/components/ui/states";
import { callApi } from "@/lib/client/api-client";
import { policyOperations } from "@/lib/http/operations/policy";
import { shortHash } from "@/lib/format";
import { CodeEditor, revealLine } from "./code-editor";
import { IssueList } from "./issue-list";
import { SimulationPanel } from "./simulation-panel";
import type { PolicyFormat, PolicyIssue, SimulationResult } from "./types";

const VALIDATE_DELAY_MS = 400;

interface Props {
  /** What the editor opens with: the active source, an older version's, or a starter template. */
  initialText: string;
  initialFormat: PolicyFormat;
  /** The active document, to tell unsaved changes and to revert to; null when none is saved. */
  current: { version: number; snapshot: string; source: string; format: PolicyFormat } | null;
  canSave: boolean;
  /** Set when the editor opened an older version. */
  loadedVersion?: number;
}

type Check =
  | { state: "checking" }
  | { state: "valid"; rules: number; snapshot: string; defaultOutcome: string }
  | { state: "invalid"; issues: PolicyIssue[] }
  | { state: "error"; message: string };

type Saved = { kind: "saved" | "unchanged"; version: number } | null;

/** The policy editor: validated as you type, saved by admins, simulated against recent intents by anyone. */
export function PolicyEditor({ initialText, initialFormat, current, canSave, loadedVersion }: Props) {
  const router = useRouter();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initialText);
  const [format, setFormat] = useState<PolicyFormat>(initialFormat);
  const [check, setCheck] = useState<Check>({ state: "checking" });
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<Saved>(null);
  const [saveError, setSaveError] = useState<{ message: string; issues: PolicyIssue[] } | null>(null);
  const [simulating, setSimulating] = useState(false);
  const [simulation, setSimulation] = useState<SimulationResult | null>(null);
  const [simulateError, setSimulateError] = useState<string | null>(null);

  const dirty = !current || text !== current.source || format !== current.format;

  // Validate shortly after typing stops; a newer check aborts the one in flight.
  useEffect(() => {
    const controller = new AbortController();
    setCheck({ state: "checking" });
    const timer = setTimeout(async () => {
      try {
        const res = await callApi(policyOperations.validatePolicy, { body: { policy: text, format }, signal: controller.signal });
        if (!res.ok) return setCheck({ state: "error", message: res.error.message });
        setCheck(
          res.data.ok
            ? { state: "valid", rules: res.data.rules, snapshot: res.data.snapshot, defaultOutcome: res.data.default }
            : { state: "invalid", issues: res.data.issues },
        );
      } catch {
        // aborted by a newer edit
      }
    }, VALIDATE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, format]);

  const errorLines = useMemo(
    () => new Set(check.state === "invalid" ? check.issues.map((i) => i.line).filter((l): l is number => Boolean(l)) : []),
    [check],
  );
  const reveal = (line: number) => {
    if (textareaRef.current) revealLine(textareaRef.current, line);
  };

  function edit(next: string) {
    setText(next);
    setSaved(null);
    setSaveError(null);
  }

  async function save() {
    setSaving(true);
    setSaved(null);
    setSaveError(null);
    const res = await callApi(policyOperations.putPolicy, { text: { body: text, contentType: format === "json" ? "application/json" : "application/yaml" } });
    setSaving(false);
    if (!res.ok) {
      const issues = (res.error.details?.issues as PolicyIssue[] | undefined) ?? [];
      setSaveError({ message: res.error.message, issues: issues.map((i) => ({ ...i, rule: i.rule ?? null })) });
      return;
    }
    setSaved({ kind: current && res.data.version === current.version ? "unchanged" : "saved", version: res.data.version });
    router.refresh();
  }

  async function simulate() {
    setSimulateError(null);
    let policy: string | Record<string, unknown> = text;
    if (format === "json") {
      try {
        policy = JSON.parse(text);
      } catch {
        setSimulateError("The JSON does not parse yet: fix the issues above first.");
        return;
      }
    }
    setSimulating(true);
    const res = await callApi(policyOperations.simulatePolicy, { body: { policy } });
    setSimulating(false);
    if (!res.ok) {
      const issues = res.error.details?.issues as PolicyIssue[] | undefined;
      setSimulateError(issues?.length ? `${res.error.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}` : res.error.message);
      setSimulation(null);
      return;
    }
    setSimulation(res.data);
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="policy-format" className="text-xs font-medium text-slate-600">
          Format
        </label>
        <SelectInput
            id="policy-format"
            value={format}
            onChange={(e) => {
              setFormat(e.target.value as PolicyFormat);
              setSaved(null);
            }}
            className="w-auto"
            data-testid="policy-format"
          >
            <option value="yaml">YAML</option>
            <option value="json">JSON</option>
          </SelectInput>
        <CheckStatus check={check} />
        {loadedVersion && current && loadedVersion !== current.version ? (
          <Badge tone="violet">opened version {loadedVersion}</Badge>
        ) : null}
        {current && dirty ? (
          <span className="ml-auto flex items-center gap-2">
            <Badge tone="amber" testId="policy-dirty">
              unsaved changes
            </Badge>
            <Button
              variant="ghost"
              className="px-2 py-1 text-xs"
              onClick={() => {
                edit(current.source);
                setFormat(current.format);
              }}
              data-testid="policy-revert"
            >
              Revert to v{current.version}
            </Button>
          </span>
        ) : null}
      </div>

      <CodeEditor value={text} onChange={edit} errorLines={errorLines} textareaRef={textareaRef} label="Policy document" />

      {check.state === "invalid" ? <IssueList issues={check.issues} onReveal={reveal} testId="policy-issues" /> : null}
      {check.state === "error" ? <ErrorNote>Could not validate: {check.message}</ErrorNote> : null}

      <div className="flex flex-wrap items-center gap-2">
        {canSave ? (
          <Button onClick={save} disabled={saving || !dirty} data-testid="policy-save" title={!dirty ? "No changes to save" : undefined}>
            {saving ? "Saving…" : "Save new version"}
          </Button>
        ) : null}
        <Button variant="secondary" onClick={simulate} disabled={simulating} data-testid="policy-simulate">
          {simulating ? "Simulating…" : "Simulate on recent intents"}
        </Button>
        {!canSave ? (
          <p className="text-xs text-slate-500" data-testid="policy-readonly-note">
            You can edit here to validate and simulate; saving a policy needs the admin role.
          </p>
        ) : null}
        {saved ? (
          <p className="text-sm text-emerald-700" role="status" data-testid="policy-saved">
            {saved.kind === "saved" ? `Saved as version ${saved.version}.` : `No change: version ${saved.version} is already this document.`}
          </p>
        ) : null}
      </div>

      {saveError ? (
        <div className="space-y-2" data-testid="policy-save-error">
          <ErrorNote>{saveError.message}</ErrorNote>
          {/* The live check usually lists the same issues already; show the server's only when it does not. */}
          {saveError.issues.length > 0 && check.state !== "invalid" ? (
            <IssueList issues={saveError.issues} onReveal={reveal} testId="policy-save-issues" />
          ) : null}
        </div>
      ) : null}
      {simulateError ? <ErrorNote>Simulation failed: {simulateError}</ErrorNote> : null}
      {simulation ? <SimulationPanel result={simulation} /> : null}
    </div>
  );
}

function CheckStatus({ check }: { check: Check }) {
  const base = "inline-flex items-center gap-1.5 text-xs";
  if (check.state === "checking") return <span className={`${base} text-slate-500`} data-testid="policy-status" data-state="checking">Checking…</span>;
  if (check.state === "valid") {
    return (
      <span className="text-xs text-emerald-700" data-testid="policy-status" data-state="valid" title={check.snapshot}>
        <span aria-hidden="true">✓</span> Valid · {check.rules} rule{check.rules === 1 ? "" : "s"} · default {check.defaultOutcome.replace("_", " ")} ·{" "}
        <code>{shortHash(check.snapshot)}</code>
      </span>
    );
  }
  if (check.state === "invalid") {
    return (
      <span className={`${base} font-medium text-rose-700`} data-testid="policy-status" data-state="invalid">
        {check.issues.length} issue{check.issues.length === 1 ? "" : "s"}
      </span>
    );
  }
  return <span className={`${base} text-rose-700`} data-testid="policy-status" data-state="error">Not checked</span>;
}
