// Next.js calls register() once per server process: start the background sweeper there.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startSweeper } = await import("./lib/domain/intents/start-sweeper");
  startSweeper();
}
