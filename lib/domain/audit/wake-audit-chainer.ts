// The background chainer's doorbell, apart from the chainer so appends can ring it without
// importing the sequencer (which imports the append's hashing). Rings nothing until
// startAuditChainer() runs in this process (the server; not the CLI, the seed or a test).

let waker: ((orgId: string) => void) | null = null;

export function setAuditWaker(wake: ((orgId: string) => void) | null): void {
  waker = wake;
}

/** Asks this process's chainer to chain the org soon (after the caller's transaction commits, usually). */
export function wakeAuditChainer(orgId: string): void {
  waker?.(orgId);
}
