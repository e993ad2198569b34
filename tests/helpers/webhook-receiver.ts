import { type IncomingHttpHeaders, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Hit {
  /** ms since the epoch when the request's body had arrived. */
  at: number;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly the bytes received. */
  body: string;
}

/** What the receiver does with a request: answer with a status (now or once the promise settles), or hold the connection open and never answer. */
export type Reply = number | Promise<number> | "hang";

export interface Receiver {
  url: string;
  port: number;
  hits: Hit[];
  /** Sets how the next requests are answered (called with the 1-based hit number). */
  reply(fn: (n: number, hit: Hit) => Reply): void;
  /** Resolves once `count` requests have arrived; fails after `timeoutMs`. */
  waitForHits(count: number, timeoutMs?: number): Promise<Hit[]>;
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 and a free port (node:http), recording every request as
 * received. Answers 200 unless told otherwise; hung requests are released when it closes.
 */
export async function startReceiver(port = 0): Promise<Receiver> {
  const hits: Hit[] = [];
  const hung = new Set<ServerResponse>();
  let replyWith: (n: number, hit: Hit) => Reply = () => 200;
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const hit = { at: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      hits.push(hit);
      for (const wake of waiters.splice(0)) wake();
      const reply = replyWith(hits.length, hit);
      if (reply === "hang") {
        hung.add(res);
        return;
      }
      Promise.resolve(reply).then((status) => {
        if (!res.destroyed) res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope");
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}/hooks/tollgate`,
    port: actualPort,
    hits,
    reply(fn) {
      replyWith = fn;
    },
    async waitForHits(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (hits.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${hits.length} of ${count} requests in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return hits;
    },
    async close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
