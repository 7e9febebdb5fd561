// Runs one update through the bot and decides what a failure means: wait and try again (Telegram's
// 429, 5xx, network, store), or give up with a log line (Telegram refused for good, a bug, or still
// failing after maxAttempts), so that one bad update can never block a chat forever. Outages are
// never given up on: the store out of reach (outage.ts) waits, unacknowledged, until it is back or
// the caller stops it (shutdown, the end of its lease); Telegram down or answering 5xx past
// maxAttempts hands the update back for re-delivery. Nor is an update ever run again once it has put a message in its chat
// (sent-tracker.ts): whatever fails after that is logged, not retried. Shared by every runtime.
import { BotError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import { fromGrammyError, NetworkError, StoreError, TelegramError } from "../errors.js";
import type { Logger } from "../log.js";
import { hasFlowControl, SendDeferredError } from "./flow-control.js";
import { isStoreOutage } from "./outage.js";
import { watchSends } from "./sent-tracker.js";
import { backoffDelay, DEFAULT_BACKOFF, sleep, type Backoff } from "./timing.js";
import { runInUpdate } from "./update-context.js";

/**
 * "aborted": stopped by the signal. "deferred": handed back, nothing lost: Telegram asks to wait
 * longer than allowed (a retry_after over the cap, or past the deadline); deliver it again later.
 */
export type Outcome = "done" | "given-up" | "aborted" | "deferred";

export interface HandleOptions {
  bot: Bot;
  logger: Logger;
  /** Aborted on shutdown: the update is then left unconfirmed, to be delivered again. */
  signal?: AbortSignal;
  maxAttempts?: number;
  /** Telegram's retry_after is obeyed up to this many seconds (it has been seen at 20 hours). */
  maxRetryAfterSeconds?: number;
  backoff?: Backoff;
  /** Epoch ms (the webhook budget in "abort" mode): Telegram calls that could only go later are not made. */
  deadline?: number;
}

/**
 * Whether the update should go back to Telegram rather than be retried here or given up: flow control
 * could not make a call in time, or Telegram's 429 asks for longer than this runtime may wait (a bot
 * with flow control has already waited what it may). A 429 is never a reason to drop an update.
 */
function handBack(error: unknown, attempt: number, options: HandleOptions): boolean {
  if (error instanceof SendDeferredError) return true;
  if (!(error instanceof TelegramError) || error.errorCode !== 429) return false;
  return (
    hasFlowControl(options.bot) ||
    (error.retryAfter ?? 1) > (options.maxRetryAfterSeconds ?? 60) ||
    attempt >= (options.maxAttempts ?? 5)
  );
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

/** Telegram answering 5xx, or not reachable at all: an outage, not a verdict on this update. */
function isUpstreamFailure(error: unknown): boolean {
  return (
    (error instanceof TelegramError && error.errorCode >= 500) || error instanceof NetworkError
  );
}

/** The update's chat (a callback query's is its message's), for log lines. */
export function chatIdOf(update: Update): number | undefined {
  for (const value of Object.values(update)) {
    if (typeof value !== "object" || value === null) continue;
    const payload = value as { chat?: { id?: unknown }; message?: { chat?: { id?: unknown } } };
    const id = payload.chat?.id ?? payload.message?.chat?.id;
    if (typeof id === "number") return id;
  }
  return undefined;
}

export function handleUpdate(update: Update, options: HandleOptions): Promise<Outcome> {
  const where = { updateId: update.update_id, chatId: chatIdOf(update) };
  // Supervision, flow control and the Lambda scope find the update, its signal and deadline here.
  const context = { ...where, signal: options.signal, deadline: options.deadline };
  return runInUpdate(context, () => attempts(update, where, options));
}

async function attempts(
  update: Update,
  where: { updateId: number; chatId: number | undefined },
  options: HandleOptions,
): Promise<Outcome> {
  const maxAttempts = options.maxAttempts ?? 5;
  const sends = watchSends(options.bot, where.chatId);
  try {
    return await attemptsWatched(update, where, options, maxAttempts, () => sends.sent());
  } finally {
    sends.stop();
  }
}

async function attemptsWatched(
  update: Update,
  where: { updateId: number; chatId: number | undefined },
  options: HandleOptions,
  maxAttempts: number,
  sent: () => number,
): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      await options.bot.handleUpdate(update);
      return "done";
    } catch (thrown) {
      const error = fromGrammyError(thrown instanceof BotError ? thrown.error : thrown);
      if (handBack(error, attempt, options)) {
        if (options.signal?.aborted) return "aborted";
        options.logger.warn(
          { ...where, err: error, attempt },
          "Telegram asks to wait longer than allowed; handing the update back for re-delivery",
        );
        return "deferred";
      }
      if (sent() > 0) {
        // Its reply is out: running it again would send that twice (no idempotent send).
        options.logger.error(
          { ...where, err: error, attempts: attempt, sent: sent() },
          "update failed after its reply was sent; not retried, so as not to answer twice",
        );
        return "given-up";
      }
      const wait = retryDelay(error, attempt, options);
      if (wait !== undefined && attempt >= maxAttempts && isUpstreamFailure(error)) {
        // Telegram is down or unreachable, not refusing this update: giving up would lose it.
        options.logger.warn(
          { ...where, err: error, attempts: attempt },
          "Telegram keeps failing; handing the update back for re-delivery",
        );
        return "deferred";
      }
      if (wait === undefined || (attempt >= maxAttempts && !isStoreOutage(error))) {
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
