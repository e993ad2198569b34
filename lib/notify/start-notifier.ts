import { setting } from "../config.mjs";
import { type Signal, notifications } from "../db/notifications";
import { deliverAccountMails } from "../mail/outbox";
import { deliverNotifications } from "./deliver";
import { dispatchNotificationJobs } from "./dispatch";
import { NOTIFYING_EVENTS, NOTIFY_WAKE_SIGNAL } from "./kinds";

/** One pass: jobs become messages, then messages and account mails go out. Answers what was sent. */
export async function runNotifier(): Promise<number> {
  await dispatchNotificationJobs();
  const [sent, mails] = await Promise.all([deliverNotifications(), deliverAccountMails()]);
  return sent + mails;
}

/** One org's pass, twice over (a job's messages, then what they queued): what tests await instead of the timer. */
export async function runNotifierFor(orgId: string): Promise<void> {
  for (let pass = 0; pass < 2; pass++) {
    await dispatchNotificationJobs(orgId);
    await deliverNotifications(orgId);
  }
}

/**
 * The notifier of this process (instrumentation.ts; NOTIFY_POLL_INTERVAL_MS=0 starts none): woken
 * at once by a NOTIFY that can mean work (an event that queues a job, a job queued by assignment,
 * from any instance), and otherwise every NOTIFY_POLL_INTERVAL_MS, which also picks up retries,
 * reminders and claims a crashed instance left. Passes never overlap; a wake-up during one runs
 * another right after. Any number of instances may run one (claims are SKIP LOCKED).
 */
export function startNotifier(): { stop(): void } | null {
  const interval = setting("NOTIFY_POLL_INTERVAL_MS");
  if (!interval) return null;
  let running = false;
  let again = false;
  const pass = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    runNotifier()
      .catch((error) => console.error("[notify] pass failed:", (error as Error).message))
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          pass();
        }
      });
  };
  const onSignal = (signal: Signal) => {
    if (signal.type === NOTIFY_WAKE_SIGNAL || NOTIFYING_EVENTS.has(signal.type)) pass();
  };
  const bus = notifications();
  bus.on("signal", onSignal);
  const timer = setInterval(pass, interval);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      bus.off("signal", onSignal);
    },
  };
}
