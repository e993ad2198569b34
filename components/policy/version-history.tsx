"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { shortHash, utc } from "@/lib/format";

export interface VersionRow {
  version: number;
  snapshot: string;
  format: string;
  rules: number;
  author: string | null;
  created_at: string;
}

interface Props {
  versions: VersionRow[];
  currentVersion: number | null;
  /** The pair being compared, from the URL. */
  compared: [number, number] | null;
}

/** The saved versions, newest first; tick two to see what changed between them. */
export function VersionHistory({ versions, currentVersion, compared }: Props) {
  const router = useRouter();
  const [selected, setSelected] = useState<number[]>(compared ?? []);
  const toggle = (version: number) =>
    setSelected((prev) => (prev.includes(version) ? prev.filter((v) => v !== version) : [...prev, version].slice(-2)));
  const [from, to] = [...selected].sort((a, b) => a - b);

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2">
        <p className="text-xs text-slate-500">{selected.length < 2 ? "Tick two versions to compare them." : `Compare v${from} → v${to}.`}</p>
        <Button
          variant="secondary"
          className="px-2.5 py-1 text-xs"
          disabled={selected.length !== 2}
          onClick={() => router.push(`/policy?from=${from}&to=${to}#diff`, { scroll: false })}
          data-testid="compare-versions"
        >
          Compare selected
        </Button>
      </div>
      <ul className="divide-y divide-slate-100" data-testid="version-list">
        {versions.map((v, i) => {
          const previous = versions[i + 1]?.version;
          return (
            <li key={v.version} className="flex items-start gap-3 px-4 py-2.5 text-sm" data-testid="version-row" data-version={v.version}>
              <input
                type="checkbox"
                className="mt-1 h-4 w-4 shrink-0 accent-slate-900"
                checked={selected.includes(v.version)}
                onChange={() => toggle(v.version)}
                aria-label={`Select version ${v.version}`}
                data-testid="version-select"
              />
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-semibold text-slate-900">v{v.version}</span>
                  {v.version === currentVersion ? <Badge tone="green">active</Badge> : null}
                  <code className="text-xs text-slate-500" title={v.snapshot}>
                    {shortHash(v.snapshot)}
                  </code>
                  <span className="text-xs text-slate-500">
                    {v.rules} rule{v.rules === 1 ? "" : "s"} · {v.format.toUpperCase()}
                  </span>
                </div>
                <p className="mt-0.5 break-words text-xs text-slate-500">
                  {v.author ?? "unknown author"}
                  <br />
                  {utc(v.created_at)}
                </p>
              </div>
              <div className="flex shrink-0 flex-col items-end gap-1 text-xs sm:flex-row sm:gap-3">
                {previous ? (
                  <Link href={`/policy?from=${previous}&to=${v.version}#diff`} scroll={false} className="text-sky-700 hover:underline" data-testid="diff-previous">
                    diff v{previous}
                  </Link>
                ) : null}
                {v.version !== currentVersion ? (
                  <Link href={`/policy?load=${v.version}#editor`} className="text-sky-700 hover:underline" data-testid="load-version">
                    open
                  </Link>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
