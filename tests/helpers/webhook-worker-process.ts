// A delivery worker alone in its own process, as one app instance runs it (instrumentation.ts
// calls the same startDeliveryWorker). The durability and exactly-once suites spawn it with
// `node --import tsx` (one process, so SIGKILL kills the worker itself) and kill it at will.
import { startDeliveryWorker } from "../../lib/domain/webhooks/start-delivery-worker";

if (!startDeliveryWorker()) throw new Error("WEBHOOK_POLL_INTERVAL_MS=0: no worker started");
// The worker's timers do not hold a process open (a server does, in the app); this does.
setInterval(() => {}, 60_000);
process.stdout.write(`ready ${process.pid}\n`);
