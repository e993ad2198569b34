import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const LIFECYCLE = "lib/domain/intents/lifecycle.ts";

/** The argument text of the call whose "(" is at `open`, up to its matching ")". */
function callArguments(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === "(") depth++;
    else if (source[i] === ")" && --depth === 0) return source.slice(open, i + 1);
  }
  return source.slice(open);
}

/** The ways code writes an intent's status: a Prisma write naming `status`, or raw SQL on the intents table. */
function statusWrites(source: string): string[] {
  const found: string[] = [];
  for (const call of source.matchAll(/\.intent\.(update|updateMany|create|createMany|upsert)\s*\(/g)) {
    const args = callArguments(source, (call.index ?? 0) + call[0].length - 1);
    if (/\bstatus\s*[:,}]/.test(args)) found.push(`intent.${call[1]}`);
  }
  // Only the SET list counts: a WHERE on status is a guard, not a write.
  for (const update of source.matchAll(/UPDATE\s+intents\b[^`]*?\bSET\b((?:(?!\b(?:WHERE|FROM|RETURNING)\b)[^`])*)/gi)) {
    if (/\bstatus\s*=/i.test(update[1] ?? "")) found.push("UPDATE intents … status");
    // A SET list built at run time may write status: it counts as one. A placeholder (`${p.add(…)}`) is a value, not a column.
    else if (/\$\{/.test((update[1] ?? "").replace(/\$\{p\.add\([^}]*\)\}/g, "?"))) found.push("UPDATE intents SET <built at run time>");
  }
  if (/INSERT\s+INTO\s+intents\b/i.test(source)) found.push("INSERT INTO intents");
  if (/insertCte\(\s*"[^"]*"\s*,\s*"intents"/.test(source)) found.push('insertCte(…, "intents")');
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return rel === "lib/generated" ? [] : sourceFiles(rel);
    return entry.name.endsWith(".ts") ? [rel] : [];
  });
}

describe("intent status writes in lib/", () => {
  it("happen only in the lifecycle module", () => {
    const writers = sourceFiles("lib")
      .filter((file) => file !== LIFECYCLE)
      .map((file) => ({ file, writes: statusWrites(readFileSync(path.join(ROOT, file), "utf8")) }))
      .filter((w) => w.writes.length > 0);
    expect(writers).toEqual([]);
  });

  it("are found in the lifecycle module (the scan sees its own kind of write)", () => {
    expect(statusWrites(readFileSync(path.join(ROOT, LIFECYCLE), "utf8"))).toEqual(["UPDATE intents SET <built at run time>", 'insertCte(…, "intents")']);
  });

  it("are recognised in each form, and other intent writes are not", () => {
    expect(statusWrites(`await tx.intent.updateMany({ where: { id }, data: { status: "expired" } });`)).toEqual(["intent.updateMany"]);
    expect(statusWrites("await tx.intent.update({ where: { id }, data: { status } });")).toEqual(["intent.update"]);
    expect(statusWrites("tx.$executeRaw`UPDATE intents SET resolved_at = now(), status = 'expired' WHERE id = $1`")).toEqual(["UPDATE intents … status"]);
    expect(statusWrites("run(`INSERT INTO intents (id, status) VALUES ($1, $2)`)")).toEqual(["INSERT INTO intents"]);
    expect(statusWrites(`sql(\`UPDATE intents SET $${"{"}set.join(", ")} WHERE id = $1\`)`)).toEqual(["UPDATE intents SET <built at run time>"]);
    expect(statusWrites("await tx.intent.update({ where: { id }, data: { escalatedAt: now, approverRole: raised } });")).toEqual([]);
    expect(statusWrites("tx.$executeRaw`UPDATE intents SET payload = $1 WHERE status = 'pending_approval'`")).toEqual([]);
    expect(statusWrites(`sql(\`UPDATE intents SET assigned_to = $${"{"}p.add(to)}, assigned_at = $${"{"}p.add(utc(now), "timestamp(3)")} WHERE id = $1\`)`)).toEqual([]);
    expect(statusWrites(`sql(\`UPDATE intents SET status = $${"{"}p.add(next)} WHERE id = $1\`)`)).toEqual(["UPDATE intents … status"]);
    expect(statusWrites(`sql(\`UPDATE intents SET assigned_to = $${"{"}p.add(to)}, $${"{"}more} WHERE id = $1\`)`)).toEqual(["UPDATE intents SET <built at run time>"]);
  });
});
