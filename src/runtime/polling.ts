// Long polling that loses nothing: an update's offset is confirmed (by the next getUpdates) only after
// its handling has finished, so a crash or kill -9 means re-delivery, never loss.
import type { Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { fromGrammyError, TelegramError } from "../errors.js";
import type { Logger } from "../log.js";
import { handleUpdate, type HandleOptions } from "./handle-update.js";
import { backoffDelay, DEFAULT_BACKOFF, sleep, type Backoff } from "./timing.js";

export interface PollingOptions {
  bot: Bot;
  logger: Logger;
  /** Abort to stop: fetching stops, the update in hand is finished, the offset confirmed. */
  signal: AbortSignal;
  /** Long-poll timeout in seconds (Telegram caps it at 50). */
  timeoutSeconds?: number;
  /** Only with --delete-webhook: polling never removes a webhook on its own. */
  deleteWebhook?: boolean;
  backoff?: Backoff;
  handling?: Pick<HandleOptions, "maxAttempts" | "maxRetryAfterSeconds" | "backoff">;
  /** Called once the token is known to work, with the bot's identity. */
  onStart?: (me: UserFromGetMe) => void;
}

// grammY's Node build types AbortSignal with the abort-controller polyfill's class; Node's own
// AbortSignal is what node-fetch checks for at runtime, so only the type needs bridging.
type GrammySignal = Parameters<Bot["init"]>[0];
const forGrammy = (signal: AbortSignal) => signal as unknown as GrammySignal;

/** Errors after which polling cannot go on; everything else is retried. */
function isFatal(error: unknown): error is TelegramError {
  return (
    error instanceof TelegramError &&
    (error.errorCode === 401 ||
      error.errorCode === 404 ||
      (error.errorCode === 409 && /webhook/i.test(error.description)))
  );
}

export async function runPolling(options: PollingOptions): Promise<void> {
  const { bot, logger, signal } = options;
  try {
    await bot.init(forGrammy(signal));
    if (options.deleteWebhook) {
      await bot.api.deleteWebhook({}, forGrammy(signal));
      logger.info("webhook deleted (--delete-webhook)");
    }
  } catch (error) {
    throw fromGrammyError(error);
  }
  logger.info({ username: bot.botInfo.username }, "polling for updates");
  options.onStart?.(bot.botInfo);

  let offset: number | undefined;
  let failures = 0;
  while (!signal.aborted) {
    let updates: Update[];
    try {
      updates = await bot.api.getUpdates(
        { offset, limit: 100, timeout: options.timeoutSeconds ?? 30 },
        forGrammy(signal),
      );
      if (failures > 0) logger.info({ after: failures }, "getUpdates works again");
      failures = 0;
    } catch (thrown) {
      if (signal.aborted) break;
      const error = fromGrammyError(thrown);
      if (isFatal(error)) throw error;
      failures++;
      const wait =
        error instanceof TelegramError && error.errorCode === 429
          ? Math.min(error.retryAfter ?? 1, options.handling?.maxRetryAfterSeconds ?? 60) * 1000
          : backoffDelay(failures, options.backoff ?? DEFAULT_BACKOFF);
      logger.warn(
        { err: error, failures, retryInMs: Math.round(wait) },
        "getUpdates failed; retrying",
      );
      await sleep(wait, signal);
      continue;
    }

    for (const update of updates) {
      if (signal.aborted) break;
      const outcome = await handleUpdate(update, { ...options.handling, bot, logger, signal });
      if (outcome === "aborted") break;
      offset = update.update_id + 1;
    }
  }

  if (offset !== undefined) {
    // Without this call, what was handled since the last getUpdates would be delivered again.
    await bot.api.getUpdates({ offset, limit: 1, timeout: 0 }).catch((error: unknown) => {
      logger.warn(
        { err: fromGrammyError(error) },
        "could not confirm the last updates; they will be delivered again",
      );
    });
  }
  logger.info("polling stopped");
}
