// SIGINT/SIGTERM handling shared by the long-running commands: the first signal asks for a clean
// stop (finish the update in hand), a second one exits at once. Stray errors are caught too
// (runtime/supervision.ts): one in an update's handler is logged with its update and the bot goes on;
// an uncaught exception outside any update stops the process the clean way, with exit code 1.
import type { Logger } from "../log.js";
import { superviseProcess } from "../runtime/supervision.js";

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
  const unsupervise = superviseProcess({
    logger,
    onFatal: () => {
      process.exitCode = 1;
      controller.abort();
    },
  });
  process.on("SIGINT", stop).on("SIGTERM", stop);
  try {
    await run(controller.signal);
  } finally {
    process.off("SIGINT", stop).off("SIGTERM", stop);
    unsupervise();
  }
}
