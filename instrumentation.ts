// Next.js calls register() once per server process: start the background sweeper and the webhook
// delivery worker there (each instance runs both; both are safe to run on many instances at once).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startSweeper } = await import("./lib/domain/intents/start-sweeper");
  const { startDeliveryWorker } = await import("./lib/domain/webhooks/start-delivery-worker");
  startSweeper();
  startDeliveryWorker();
}
