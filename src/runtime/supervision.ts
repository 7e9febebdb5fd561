// The long-running commands' safety net. A handler that forgets a promise (it rejects with nobody
// listening) or throws from a timer would otherwise end the process, or pass unnoticed: each such
// error is logged once, with the update id and chat id it happened under, and the bot goes on. An
// exception thrown outside any update is another matter (the process may be in a state nobody
// planned for): it is logged and the process stops the clean way, finishing the updates in hand;
// whatever is unfinished is delivered again on the next start.
//
// Which update an error belongs to comes from the update context that handle-update.ts runs each
// update in (update-context.ts).
import type { Logger } from "../log.js";
import { currentUpdate } from "./update-context.js";

export interface UpdateWhere {
  updateId: number;
  chatId?: number | undefined;
}

/** The update whose handling is running now, for log lines. */
function updateNow(): UpdateWhere | undefined {
  const context = currentUpdate();
  if (context?.updateId === undefined) return undefined;
  return { updateId: context.updateId, chatId: context.chatId };
}

export interface SupervisionOptions {
  logger: Logger;
  /** Called once for an uncaught exception outside any update: the process should stop. */
  onFatal(error: unknown): void;
}

/** Installs the process-level handlers; the returned function removes them. */
export function superviseProcess(options: SupervisionOptions): () => void {
  const { logger } = options;
  const seen = new WeakSet<object>();
  // The same error can reach here more than once (several promises rejected with it).
  const firstTime = (error: unknown) => {
    if (typeof error !== "object" || error === null) return true;
    if (seen.has(error)) return false;
    seen.add(error);
    return true;
  };

  const onRejection = (reason: unknown) => {
    if (!firstTime(reason)) return;
    const where = updateNow();
    logger.error(
      { ...where, err: reason },
      where === undefined
        ? "unhandled rejection; going on"
        : "unhandled rejection in an update's handler; going on",
    );
  };
  const onException = (error: unknown) => {
    if (!firstTime(error)) return;
    const where = updateNow();
    if (where !== undefined) {
      logger.error({ ...where, err: error }, "uncaught exception in an update's handler; going on");
      return;
    }
    logger.fatal({ err: error }, "uncaught exception outside any update; stopping");
    options.onFatal(error);
  };

  process.on("unhandledRejection", onRejection).on("uncaughtException", onException);
  return () => {
    process.off("unhandledRejection", onRejection).off("uncaughtException", onException);
  };
}
