// Turns a metrics response into what each chart draws and what its table and CSV list.
// Pure: the server page calls these and hands plain data to the client charts.

import type { ChartTable } from "@/components/charts/types";
import { bucketLabel, duration } from "@/lib/metrics-format";
import type { Metrics } from "./types";

export function volumeData(m: Metrics) {
  const rows = m.series.map((p) => ({
    bucket: bucketLabel(p.bucket, m.bucket),
    bucket_start: p.bucket,
    allowed: p.allowed,
    denied: p.denied,
    approval_required: p.approval_required,
    intents: p.intents,
  }));
  const table: ChartTable = {
    columns: [
      { key: "bucket", label: m.bucket === "hour" ? "Hour (UTC)" : "Day (UTC)", kind: "text" },
      { key: "bucket_start", label: "Bucket start", kind: "text", csvOnly: true },
      { key: "allowed", label: "Allowed", kind: "int" },
      { key: "denied", label: "Denied", kind: "int" },
      { key: "approval_required", label: "Approval required", kind: "int" },
      { key: "intents", label: "Total", kind: "int" },
    ],
    rows,
  };
  return { rows, table };
}

/** Histogram bins labelled by their upper bound; the open last bin reads "> <previous bound>". */
export function ttaData(m: Metrics) {
  const bins = m.time_to_approve_histogram;
  const rows = bins.map((b, i) => {
    const previous = i > 0 ? bins[i - 1].le_s : null;
    const label = b.le_s === null ? `> ${duration(previous ?? 0)}` : `≤ ${duration(b.le_s)}`;
    return { bin: label, le_s: b.le_s, count: b.count };
  });
  /** The bin a percentile falls in: the first whose upper bound holds it. */
  const binOf = (seconds: number | null) => {
    if (seconds === null) return null;
    const hit = rows.find((r) => r.le_s === null || seconds <= r.le_s);
    return hit?.bin ?? null;
  };
  const table: ChartTable = {
    columns: [
      { key: "bin", label: "Time to approve", kind: "text" },
      { key: "le_s", label: "Upper bound (s)", kind: "int" },
      { key: "count", label: "Approvals", kind: "int" },
    ],
    rows,
  };
  return {
    rows,
    table,
    p50: { seconds: m.time_to_approve_p50_s, bin: binOf(m.time_to_approve_p50_s) },
    p95: { seconds: m.time_to_approve_p95_s, bin: binOf(m.time_to_approve_p95_s) },
  };
}

/** Overrides among human resolutions per bucket; null where nothing was resolved. */
export function overrideData(m: Metrics) {
  const rows = m.series.map((p) => {
    // Overrides count reviews marked wrong too, which the series does not break out per bucket:
    // the rate is capped so it never passes 100%.
    const denominator = Math.max(p.approved + p.rejected, p.overrides);
    return {
      bucket: bucketLabel(p.bucket, m.bucket),
      bucket_start: p.bucket,
      approved: p.approved,
      rejected: p.rejected,
      overrides: p.overrides,
      override_rate: denominator > 0 ? p.overrides / denominator : null,
    };
  });
  const table: ChartTable = {
    columns: [
      { key: "bucket", label: m.bucket === "hour" ? "Hour (UTC)" : "Day (UTC)", kind: "text" },
      { key: "bucket_start", label: "Bucket start", kind: "text", csvOnly: true },
      { key: "approved", label: "Approved", kind: "int" },
      { key: "rejected", label: "Rejected", kind: "int" },
      { key: "overrides", label: "Overrides", kind: "int" },
      { key: "override_rate", label: "Override rate", kind: "rate" },
    ],
    rows,
  };
  return { rows, table };
}

export function rejectionData(m: Metrics) {
  const rows = Object.entries(m.rejection_reasons)
    .map(([reason, n]) => ({ label: reason, reason, count: n }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  const table: ChartTable = {
    columns: [
      { key: "reason", label: "Reason", kind: "text" },
      { key: "count", label: "Rejections", kind: "int" },
    ],
    rows,
  };
  return { rows, table };
}

export function burdenData(m: Metrics) {
  const rows = m.reviewer_burden
    .map((r) => ({ label: r.email ?? r.user_id, reviewer: r.email ?? r.user_id, user_id: r.user_id, count: r.resolved }))
    .sort((a, b) => b.count - a.count || a.reviewer.localeCompare(b.reviewer));
  const table: ChartTable = {
    columns: [
      { key: "reviewer", label: "Reviewer", kind: "text" },
      { key: "user_id", label: "User id", kind: "text", csvOnly: true },
      { key: "count", label: "Resolved", kind: "int" },
    ],
    rows,
  };
  return { rows, table };
}
