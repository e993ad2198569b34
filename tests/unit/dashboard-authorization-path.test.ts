import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The dashboard has one authorization path (issue 15, point 2): pages read through the API's own
 * operations (lib/http/read-operation.ts), client components call them through lib/client/api-client.ts,
 * and whether a control shows is mayCall(operation, viewer). So no page or component reaches into the
 * domain, compares roles, calls fetch or builds an /api/v1 URL by hand.
 */
const ROOT = path.resolve(__dirname, "../..");
const SCANNED = ["app/(dashboard)", "app/(auth)", "components"];

/**
 * Domain imports that stay, each for data no GET operation offers (or a server constant passed down as a
 * prop). Keyed by file; the value lists the modules under lib/domain/ it may import.
 */
const DOMAIN_READS: Record<string, string[]> = {
  // Facet counts for the filters.
  "app/(dashboard)/approvals/page.tsx": ["approvals/queue-facets", "approvals/resolve-approval"],
  "app/(dashboard)/metrics/page.tsx": ["intents/intent-facets", "intents/environment-facets"],
  // GET /audit reads oldest first; the page shows newest first. Facets and actors' names.
  "app/(dashboard)/audit/page.tsx": ["audit/audit-facets", "audit/list-audit-events", "orgs/name-actors"],
  // GET /intents has no free-text search (q).
  "app/(dashboard)/intents/page.tsx": ["intents/intent-facets", "intents/list-intents"],
  // One policy version's source (no GET /policy/versions/{n}); authors' names.
  "app/(dashboard)/policy/page.tsx": ["orgs/name-actors", "policies/get-policy-version"],
  "app/(dashboard)/reviews/page.tsx": ["orgs/name-actors"],
  "app/(dashboard)/settings/page.tsx": ["passkeys/prove-enrollment"],
  "app/(dashboard)/leases/[id]/page.tsx": ["leases/lease-activity"],
  // The org switcher: every org the member belongs to (GET /me names one).
  "app/(dashboard)/layout.tsx": ["members/list-my-orgs"],
  // The queue card of one intent (no GET answers a queue item by id).
  "components/intents/intent-detail.tsx": ["approvals/counting-approvals", "approvals/list-approvals", "approvals/resolve-approval", "intents/find-intent"],
  // The event type catalogue the webhook event picker lists (pure constants).
  "components/webhooks/event-picker.tsx": ["events/event-types"],
  // Type only: the history rows as the intents page reads them (listIntents, above).
  "components/intents/history-list.tsx": ["intents/serialize-intent"],
};
/** The request context every remaining domain call takes (issue 15, point 3). */
const ANYWHERE = new Set(["request-context"]);

const RULES: { name: string; pattern: RegExp }[] = [
  { name: "role check (use mayCall)", pattern: /\broleAtLeast\b|\bcan\(\s*user\b|\brole\s*[!=]==\s*["'`]|["'`]\s*[!=]==\s*[\w.]*role\b/ },
  { name: "raw fetch (use callApi)", pattern: /(?<![.\w])fetch\(/ },
  { name: "hand-built /api/v1 URL (use operationUrl or callApi)", pattern: /["'`]\/api\/v1/ },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** Comments say what a line does in words (GET /api/v1/events): leave them out of the scan. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

function violations(file: string, text: string): string[] {
  const found: string[] = [];
  const source = code(text);
  for (const match of source.matchAll(/from\s+["']@\/lib\/domain\/([^"']+)["']/g)) {
    const module = match[1] as string;
    if (!ANYWHERE.has(module) && !DOMAIN_READS[file]?.includes(module)) found.push(`${file}: imports lib/domain/${module}`);
  }
  source.split("\n").forEach((line, i) => {
    for (const rule of RULES) if (rule.pattern.test(line)) found.push(`${file}:${i + 1}: ${rule.name}: ${line.trim()}`);
  });
  return found;
}

describe("one authorization path for the dashboard", () => {
  const files = SCANNED.flatMap(sourceFiles);

  it("scans the dashboard's pages and components", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain("app/(dashboard)/webhooks/page.tsx");
    expect(files).toContain("components/approvals/resolve-form.tsx");
  });

  it("finds no domain import, role check, raw fetch or hand-built API URL outside the listed reads", () => {
    expect(files.flatMap((file) => violations(file, readFileSync(path.join(ROOT, file), "utf8")))).toEqual([]);
  });

  it("keeps the list of remaining domain reads honest: each listed file still imports each listed module", () => {
    const stale = Object.entries(DOMAIN_READS).flatMap(([file, modules]) => {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      return modules.filter((module) => !text.includes(`@/lib/domain/${module}"`)).map((module) => `${file}: ${module}`);
    });
    expect(stale).toEqual([]);
  });

  it("catches each kind of violation", () => {
    const file = "components/example.tsx";
    expect(violations(file, 'import { listWebhooks } from "@/lib/domain/webhooks/list-webhooks";')).toHaveLength(1);
    expect(violations(file, 'if (user.role === "admin") return null;')).toHaveLength(1);
    expect(violations(file, "const ok = roleAtLeast(user.role, row.approverRole);")).toHaveLength(1);
    expect(violations(file, 'await fetch("/x", { method: "POST" });')).toHaveLength(1);
    expect(violations(file, "const path = `/api/v1/webhooks/` + id;")).toHaveLength(1);
    expect(violations(file, '// GET /api/v1/events, then fetch( nothing\nconst url = operationUrl(op);')).toEqual([]);
  });
});
