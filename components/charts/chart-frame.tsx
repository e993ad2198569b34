"use client";

import type { ReactNode } from "react";
import { useWidth } from "./use-width";

/** A fixed-height box that measures its width and draws the chart at exactly that size. */
export function ChartFrame({ height, label, children }: { height: number; label: string; children: (width: number) => ReactNode }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  return (
    <div ref={ref} className="w-full min-w-0" style={{ height }} role="img" aria-label={label}>
      {width > 0 ? children(width) : null}
    </div>
  );
}
