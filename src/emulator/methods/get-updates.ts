// getUpdates: long polling as Telegram does it. The offset confirms, the limit is clamped, the
// timeout waits for the first update; a newer call ends the pending one with 409, and a webhook
// forbids polling altogether.
import type { Update } from "grammy/types";
import { badRequest, BotApiError } from "../errors.js";
import type { Params } from "../params.js";
import { defineMethod } from "./method.js";

export const TERMINATED_BY_OTHER =
  "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
export const WEBHOOK_ACTIVE =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

const MAX_TIMEOUT_SECONDS = 50;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** allowed_updates as a list of names, or undefined when the parameter is absent. */
export function allowedUpdates(params: Params): string[] | undefined {
  const value = params.json("allowed_updates", "allowed updates");
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw badRequest("can't parse allowed updates JSON object");
  }
  return value.map(String);
}

export const getUpdates = defineMethod(
  "getUpdates",
  async ({ bot, signal }, params): Promise<Update[]> => {
    bot.endPoll(new BotApiError(409, TERMINATED_BY_OTHER));
    if (bot.webhook !== undefined) throw new BotApiError(409, WEBHOOK_ACTIVE);
    const offset = params.integer("offset") ?? 0;
    const limit = clamp(params.integer("limit") ?? 100, 1, 100);
    const timeout = clamp(params.integer("timeout") ?? 0, 0, MAX_TIMEOUT_SECONDS);
    const allowed = allowedUpdates(params);
    if (allowed !== undefined) bot.queue.setAllowedUpdates(allowed);

    bot.queue.confirm(offset);
    const ready = bot.queue.peek(limit);
    if (ready.length > 0 || timeout === 0) return ready;
    await bot.waitForUpdates(timeout * 1000, signal);
    return bot.queue.peek(limit);
  },
  (updates) => ({ update_ids: updates.map((update) => update.update_id) }),
);
