// One update in the poller's hand: claimed (when claims are shared with other instances), run through
// the bot, and marked finished; or left for a later delivery when shutdown cuts it short. Handed back
// (Telegram asks to wait longer than allowed), it stays unconfirmed and is tried again after a pause.
import type { Update } from "grammy/types";
import { handleUpdate, type HandleOptions } from "./handle-update.js";
import { backoffDelay, sleep, type Backoff } from "./timing.js";
import type { ClaimResult, UpdateClaims } from "./update-claims.js";

/** "finished" may be confirmed to Telegram; "left" must be delivered again. */
export type PolledOutcome = "finished" | "left";

export interface PolledUpdateOptions extends HandleOptions {
  signal: AbortSignal;
  claims: UpdateClaims | undefined;
  leaseMs: number;
  /** Waits between claim attempts while the store fails or another worker holds the update. */
  claimBackoff: Backoff;
}

export async function runPolledUpdate(
  update: Update,
  options: PolledUpdateOptions,
): Promise<PolledOutcome> {
  const { claims, logger, signal } = options;
  const updateId = update.update_id;
  for (let attempt = 1; !signal.aborted; attempt++) {
    let claim: ClaimResult;
    try {
      claim =
        claims === undefined
          ? "claimed"
          : await claims.claim(updateId, { leaseMs: options.leaseMs });
    } catch (error) {
      const wait = backoffDelay(attempt, options.claimBackoff);
      logger.warn(
        { err: error, updateId, attempt, retryInMs: Math.round(wait) },
        "could not claim the update; retrying",
      );
      await sleep(wait, signal);
      continue;
    }
    if (claim === "done") {
      logger.info({ updateId }, "update already handled; not answering it again");
      return "finished";
    }
    if (claim === "busy") {
      // Another worker holds a live lease (or a dead one's lease has not run out yet): this chat
      // waits for it, other chats go on.
      const wait = backoffDelay(attempt, options.claimBackoff);
      logger.info(
        { updateId, attempt, retryInMs: Math.round(wait) },
        "another worker holds the update; trying again later",
      );
      await sleep(wait, signal);
      continue;
    }
    const outcome = await handleUpdate(update, options);
    if (outcome === "aborted" || outcome === "deferred") {
      await claims?.release(updateId).catch((error: unknown) => {
        logger.warn({ err: error, updateId }, "could not release the update's claim");
      });
      if (outcome === "aborted") return "left";
      // Handed back (Telegram asks to wait longer than allowed): it stays unconfirmed, so a restart
      // gets it delivered again, and this poller tries it again after a pause (flow control holds
      // the chat's sends back meanwhile, for at most the retry_after cap).
      await sleep(backoffDelay(attempt, options.claimBackoff), signal);
      continue;
    }
    // Given up counts as finished: a re-delivery would fail the same way. If the store cannot
    // record it, confirming the offset still keeps Telegram from sending it again.
    await claims?.finish(updateId).catch((error: unknown) => {
      logger.error({ err: error, updateId }, "could not record the update as handled");
    });
    logger.debug({ updateId, outcome }, "update finished");
    return "finished";
  }
  return "left";
}
