import { EventEmitter } from "node:events";
import pg from "pg";
import { EVENTS_CHANNEL } from "../domain/events/record-event";
import { setting } from "../config.mjs";
import { directDatabaseUrl, poolConfig } from "./pg-config";

export interface Signal {
  event_id: string | null;
  org_id: string;
  type: string;
  subject_id: string;
  /** Webhook deliveries the event queued (new events only): the delivery workers wake only for some. */
  deliveries?: number;
}

/**
 * One LISTEN connection per process fans PostgreSQL notifications out to in-process waiters,
 * so a change committed by any app instance wakes waiters on every instance. It reconnects by
 * itself; waiters also re-read on a timer, so a lost notification costs latency, not correctness.
 * It uses DIRECT_DATABASE_URL: a transaction pooler would hand the LISTEN session to other clients.
 * DB_LISTEN=0 turns it off. The embedded PGlite server delivers notifications to its LISTENing connections too.
 */
class Notifications extends EventEmitter {
  private client: pg.Client | null = null;
  private connecting = false;
  /** The client being connected or connected; an ended earlier one's events change nothing. */
  private current: pg.Client | null = null;
  /** Whether the last attempt failed, so an outage is logged once, not at every retry. */
  private failing = false;

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  /** Whether wake-ups arrive now (DB_LISTEN on and its connection up); while not, waiters re-read more often. */
  get enabled(): boolean {
    return setting("DB_LISTEN") && this.client !== null;
  }

  ensureListening(): void {
    if (!setting("DB_LISTEN") || this.client || this.connecting) return;
    this.connecting = true;
    const client = new pg.Client(poolConfig(directDatabaseUrl(), 1));
    this.current = client;
    client.on("notification", (message) => {
      try {
        this.emit("signal", JSON.parse(message.payload ?? "{}") as Signal);
      } catch {
        // A malformed payload is not ours; ignore it.
      }
    });
    client.on("error", (error) => this.reset(client, error));
    client.on("end", () => this.reset(client));
    client
      .connect()
      .then(() => client.query(`LISTEN ${EVENTS_CHANNEL}`))
      .then(() => {
        this.client = client;
        this.connecting = false;
        if (this.failing) console.log("[db] LISTEN connected: wake-ups are immediate again");
        this.failing = false;
      })
      .catch((error) => this.reset(client, error));
  }

  private reset(client: pg.Client, error?: Error): void {
    if (client !== this.current) return;
    this.current = null;
    if (!this.failing) console.warn(`[db] no LISTEN connection on the direct URL (${error?.message ?? "connection ended"}): waiters poll until it is back`);
    this.failing = true;
    this.client = null;
    this.connecting = false;
    client.end().catch(() => {});
    setTimeout(() => this.ensureListening(), 1000).unref();
  }
}

const globalForNotifications = globalThis as unknown as { tollgateNotifications?: Notifications };

export function notifications(): Notifications {
  globalForNotifications.tollgateNotifications ??= new Notifications();
  globalForNotifications.tollgateNotifications.ensureListening();
  return globalForNotifications.tollgateNotifications;
}

export interface Subscription {
  /** Resolves true at once if a signal came since the last wait, else when one comes; false after `timeoutMs`. */
  wait(timeoutMs: number, abort?: AbortSignal): Promise<boolean>;
  close(): void;
}

/**
 * Listens for signals about `subjectId` from now on. Subscribing before the first read means a
 * change committed between that read and the first wait is not missed.
 */
export function subscribe(subjectId: string): Subscription {
  const bus = notifications();
  let signalled = false;
  let wake: (() => void) | null = null;
  const onSignal = (signal: Signal) => {
    if (signal.subject_id !== subjectId) return;
    signalled = true;
    wake?.();
  };
  bus.on("signal", onSignal);
  return {
    wait(timeoutMs, abort) {
      return new Promise((resolve) => {
        // Declared before finish: a signal that came before this wait finishes it at once, before any timer is set.
        let timer: NodeJS.Timeout | undefined;
        const finish = () => {
          clearTimeout(timer);
          abort?.removeEventListener("abort", finish);
          wake = null;
          const woken = signalled;
          signalled = false;
          resolve(woken);
        };
        if (signalled || abort?.aborted) return finish();
        timer = setTimeout(finish, timeoutMs);
        wake = finish;
        abort?.addEventListener("abort", finish);
      });
    },
    close() {
      bus.off("signal", onSignal);
      wake?.();
    },
  };
}
