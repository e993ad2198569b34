"use client";

import { useEffect, useState } from "react";

function format(ms: number): string {
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const text = h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
  return ms >= 0 ? `${text} left` : `overdue ${text}`;
}

/** Time left before the SLA passes; amber under an hour, red when overdue. */
export function SlaCountdown({ deadline }: { deadline: string | null }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!deadline) return <span className="text-xs text-slate-500">no SLA</span>;
  if (now === null) return <span className="text-xs text-slate-500">SLA {new Date(deadline).toISOString().slice(11, 16)} UTC</span>;
  const left = new Date(deadline).getTime() - now;
  const tone = left < 0 ? "text-rose-700" : left < 3_600_000 ? "text-amber-700" : "text-slate-600";
  return (
    <span className={`text-xs font-medium tabular-nums ${tone}`} title={`SLA deadline ${deadline}`} data-testid="sla">
      {format(left)}
    </span>
  );
}
