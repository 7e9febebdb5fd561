// Runs one update through the bot and decides what a failure means: wait and try again (Telegram's
// 429, 5xx, network, store), or give up with a log line (Telegram refused for good, a bug), so that
// one bad update can never block a chat forever. Shared by every runtime.
import { BotError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import { fromGrammyError, NetworkError, StoreError, TelegramError } from "../errors.js";
import type { Logger } from "../log.js";
import { backoffDelay, DEFAULT_BACKOFF, sleep, type Backoff } from "./timing.js";

export type Outcome = "done" | "given-up" | "aborted";

export interface HandleOptions {
  bot: Bot;
  logger: Logger;
  /** Aborted on shutdown: the update is then left unconfirmed, to be delivered again. */
  signal?: AbortSignal;
  maxAttempts?: number;
  /** Telegram's retry_after is obeyed up to this many seconds (it has been seen at 20 hours). */
  maxRetryAfterSeconds?: number;
  backoff?: Backoff;
}

function retryDelay(error: unknown, attempt: number, options: HandleOptions): number | undefined {
  if (error instanceof TelegramError) {
    if (error.errorCode === 429) {
      return Math.min(error.retryAfter ?? 1, options.maxRetryAfterSeconds ?? 60) * 1000;
    }
    return error.errorCode >= 500
      ? backoffDelay(attempt, options.backoff ?? DEFAULT_BACKOFF)
      : undefined;
  }
  if (error instanceof NetworkError || error instanceof StoreError) {
    return backoffDelay(attempt, options.backoff ?? DEFAULT_BACKOFF);
  }
  return undefined;
}

function chatIdOf(update: Update): number | undefined {
  for (const value of Object.values(update)) {
    if (typeof value === "object" && value !== null && "chat" in value) {
      const chat = (value as { chat?: { id?: unknown } }).chat;
      if (typeof chat?.id === "number") return chat.id;
    }
  }
  return undefined;
}

export async function handleUpdate(update: Update, options: HandleOptions): Promise<Outcome> {
  const maxAttempts = options.maxAttempts ?? 5;
  const where = { updateId: update.update_id, chatId: chatIdOf(update) };
  for (let attempt = 1; ; attempt++) {
    try {
      await options.bot.handleUpdate(update);
      return "done";
    } catch (thrown) {
      const error = fromGrammyError(thrown instanceof BotError ? thrown.error : thrown);
      const wait = retryDelay(error, attempt, options);
      if (wait === undefined || attempt >= maxAttempts) {
        options.logger.error(
          { ...where, err: error, attempts: attempt },
          wait === undefined
            ? "update failed; giving up on it"
            : "update kept failing; giving up on it",
        );
        return "given-up";
      }
      options.logger.warn(
        { ...where, err: error, attempt, retryInMs: Math.round(wait) },
        "update failed; retrying",
      );
      await sleep(wait, options.signal);
      if (options.signal?.aborted) return "aborted";
    }
  }
}
