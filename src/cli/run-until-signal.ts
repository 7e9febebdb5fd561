// SIGINT/SIGTERM handling shared by the long-running commands: the first signal asks for a clean
// stop (finish the update in hand), a second one exits at once.
import type { Logger } from "../log.js";

export async function runUntilSignal(
  logger: Logger,
  run: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    // A second Ctrl+C means "now": in-flight work is then delivered again on the next start.
    if (controller.signal.aborted) process.exit(130);
    logger.info({ signal }, "stopping: finishing the work in hand");
    controller.abort();
  };
  const onRejection = (reason: unknown) => logger.error({ err: reason }, "unhandled rejection");
  process.on("SIGINT", stop).on("SIGTERM", stop).on("unhandledRejection", onRejection);
  try {
    await run(controller.signal);
  } finally {
    process.off("SIGINT", stop).off("SIGTERM", stop).off("unhandledRejection", onRejection);
  }
}
