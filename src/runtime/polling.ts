// Long polling that loses nothing: updates of different chats are handled side by side (each chat's
// in order), and the offset confirmed by the next getUpdates only ever passes updates whose handling
// has finished, so a crash or kill -9 means re-delivery, never loss. With claims shared through the
// store, a re-delivered update that was already answered is not answered again.
import { setMaxListeners } from "node:events";
import type { Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { fromGrammyError, TelegramError } from "../errors.js";
import type { Logger } from "../log.js";
import { chatKeyOf, createChatQueue } from "./chat-queue.js";
import type { HandleOptions } from "./handle-update.js";
import { createOffsetWatermark } from "./offset-watermark.js";
import { runPolledUpdate, type PolledOutcome } from "./polled-update.js";
import { backoffDelay, DEFAULT_BACKOFF, sleep, type Backoff } from "./timing.js";
import type { UpdateClaims } from "./update-claims.js";

export interface PollingOptions {
  bot: Bot;
  logger: Logger;
  /** Abort to stop: fetching stops, the updates in hand are finished, the offset confirmed. */
  signal: AbortSignal;
  /** Long-poll timeout in seconds (Telegram caps it at 50). */
  timeoutSeconds?: number;
  /** Only with --delete-webhook: polling never removes a webhook on its own. */
  deleteWebhook?: boolean;
  backoff?: Backoff;
  handling?: Pick<HandleOptions, "maxAttempts" | "maxRetryAfterSeconds" | "backoff">;
  /** Called once the token is known to work, with the bot's identity. */
  onStart?: (me: UserFromGetMe) => void;
  /** Updates in hand at most (running, or waiting behind their chat's); no fetching beyond. */
  concurrency?: number;
  /** Claims shared with other instances (the store's); without them, nothing is claimed. */
  claims?: UpdateClaims;
  /** How long a claim holds before another worker may take the update over (this one died). */
  leaseMs?: number;
  /** Waits between claim attempts while the store fails or another worker holds an update. */
  claimBackoff?: Backoff;
  /**
   * While an unfinished update holds the offset back, Telegram answers getUpdates at once with the
   * updates it re-sends; new ones are then looked for this often (and whenever an update finishes).
   */
  recheckMs?: number;
  /**
   * The update types to ask for (allowed_updates). Telegram remembers the last list it was given,
   * also one set by setWebhook, so a poller that does not say gets whatever was asked for before.
   */
  allowedUpdates?: readonly Exclude<keyof Update, "update_id">[];
}

export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_LEASE_MS = 60_000;
const MAX_LIMIT = 100;

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

  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const marks = createOffsetWatermark();
  const chats = createChatQueue();
  const inHand = new Set<Promise<void>>();
  // Ends the updates in hand: on shutdown, or when polling cannot go on.
  const work = new AbortController();
  // Every update in hand may wait on it (a turn to send, a 429): more than Node's 10 is no leak.
  setMaxListeners(concurrency * 4, work.signal);
  signal.addEventListener("abort", () => work.abort(), { once: true });
  const perUpdate = {
    ...options.handling,
    bot,
    logger,
    signal: work.signal,
    claims: options.claims,
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    claimBackoff: options.claimBackoff ?? { baseMs: 500, capMs: 5000 },
  };

  // The fetch loop sleeps until an update finishes (or a timer, or shutdown) wakes it.
  let wake: () => void = () => undefined;
  const changed = (ms?: number) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        wake = () => undefined;
        resolve();
      }
      wake = done;
      signal.addEventListener("abort", done);
    });

  function start(update: Update): void {
    const updateId = update.update_id;
    const task = chats
      .run(chatKeyOf(update), () =>
        runPolledUpdate(update, perUpdate).catch((error: unknown): PolledOutcome => {
          logger.error({ err: error, updateId }, "update failed unexpectedly; giving up on it");
          return "finished";
        }),
      )
      .then((outcome) => {
        if (outcome === "finished") marks.finish(updateId);
        inHand.delete(task);
        wake();
      });
    inHand.add(task);
  }

  let failures = 0;
  let idle = false;
  while (!signal.aborted) {
    // Backpressure: at most `concurrency` in hand, and room in getUpdates' answer for new ones
    // after the updates Telegram re-sends (everything above the watermark).
    if (marks.pending >= concurrency || marks.unconfirmed >= MAX_LIMIT) {
      await changed();
      continue;
    }
    if (idle) {
      idle = false;
      await changed(options.recheckMs ?? 1000);
      if (signal.aborted) break;
    }
    let updates: Update[];
    try {
      updates = await bot.api.getUpdates(
        {
          offset: marks.offset,
          limit: Math.min(MAX_LIMIT, marks.unconfirmed + concurrency - marks.pending),
          timeout: options.timeoutSeconds ?? 30,
          ...(options.allowedUpdates === undefined
            ? {}
            : { allowed_updates: options.allowedUpdates }),
        },
        forGrammy(signal),
      );
      if (failures > 0) logger.info({ after: failures }, "getUpdates works again");
      failures = 0;
    } catch (thrown) {
      if (signal.aborted) break;
      const error = fromGrammyError(thrown);
      if (isFatal(error)) {
        work.abort();
        await Promise.all(inHand);
        throw error;
      }
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

    let fresh = 0;
    for (const update of updates) {
      if (signal.aborted) break;
      // Telegram re-sends what is above the offset: updates in hand or finished are not run twice.
      if (!marks.receive(update.update_id)) continue;
      fresh++;
      start(update);
    }
    // Only re-sent updates: asking again at once would be answered at once, so wait a little.
    idle = fresh === 0 && marks.unconfirmed > 0;
  }

  await Promise.all(inHand);
  const offset = marks.offset;
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
