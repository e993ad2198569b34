import { readFileSync, readdirSync } from "node:fs";
import pg from "pg";

// CPU time of the processes that serve a load, read from /proc (Linux): the server's process tree
// and PostgreSQL's backends of the bench database, plus PostgreSQL's own background processes
// (WAL writer, checkpointer, background writer, autovacuum), which the whole server shares.
// Elsewhere (no /proc) every figure is NaN and the benchmark prints "-".

/** CPU milliseconds over one measured interval, by where it was spent. */
export interface CpuUsage {
  /** The server's processes (the cluster primary and its workers). */
  nodeMs: number;
  /** Client backends connected to the bench database (the servers' pools and listeners). */
  backendsMs: number;
  /** PostgreSQL's background processes: shared with any other database on the server. */
  backgroundMs: number;
  /** This process (the load generator), for comparison; not counted in `totalMs`. */
  loadGeneratorMs: number;
  totalMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of `pid` in ms, or null when it is gone. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) in parentheses; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** `root` and every process below it. */
function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), pid]);
    } catch {
      // exited while listing
    }
  }
  const tree = [root];
  for (let at = 0; at < tree.length; at++) tree.push(...(parents.get(tree[at] as number) ?? []));
  return tree;
}

/**
 * Starts counting; `stop()` answers the CPU spent since. Backends that connect during the interval
 * count from their start; one that disconnects before `stop()` is lost (the servers' pools keep
 * theirs for 30 s idle, longer than a run). The meter's own backend is left out.
 */
export async function startCpuMeter(serverPid: number, databaseUrl: string): Promise<{ stop(): Promise<CpuUsage> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const postgres = async () => {
    const { rows } = await client.query<{ pid: number; background: boolean }>(
      `SELECT pid, backend_type <> 'client backend' AS background FROM pg_stat_activity
       WHERE pid <> pg_backend_pid() AND (datname = current_database() OR backend_type IN ('walwriter', 'checkpointer', 'background writer', 'autovacuum launcher', 'autovacuum worker'))`,
    );
    return rows;
  };
  const sample = async () => {
    const times = { node: new Map<number, number>(), backends: new Map<number, number>(), background: new Map<number, number>() };
    for (const pid of processTree(serverPid)) times.node.set(pid, processCpuMs(pid) ?? 0);
    for (const row of await postgres()) (row.background ? times.background : times.backends).set(row.pid, processCpuMs(row.pid) ?? 0);
    return { ...times, self: process.cpuUsage() };
  };
  const delta = (before: Map<number, number>, after: Map<number, number>) => {
    let ms = 0;
    for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
    return ms;
  };
  const available = processCpuMs(serverPid) !== null;
  const before = await sample();
  return {
    async stop() {
      const after = await sample();
      await client.end();
      if (!available) return { nodeMs: Number.NaN, backendsMs: Number.NaN, backgroundMs: Number.NaN, loadGeneratorMs: Number.NaN, totalMs: Number.NaN };
      const self = process.cpuUsage(before.self);
      const usage = {
        nodeMs: delta(before.node, after.node),
        backendsMs: delta(before.backends, after.backends),
        backgroundMs: delta(before.background, after.background),
        loadGeneratorMs: (self.user + self.system) / 1000,
      };
      return { ...usage, totalMs: usage.nodeMs + usage.backendsMs + usage.backgroundMs };
    },
  };
}
