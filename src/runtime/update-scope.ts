// Ties the Telegram calls a handler makes to the delivery that started it, so that the webhook core
// can cut them off when its time budget runs out (on Lambda, nothing may run after the answer): each
// call gets the signal of the update it is made for (update-context.ts), unless it has its own.
import type { Bot } from "grammy";
import { currentUpdate } from "./update-context.js";

const installed = new WeakSet<Bot>();

/** Makes every Bot API call of this bot observe the signal of the update it is made for. */
export function installUpdateScope(bot: Bot): void {
  if (installed.has(bot)) return;
  installed.add(bot);
  bot.api.config.use((prev, method, payload, signal) => {
    // grammY's Node typings name node-fetch's AbortSignal; at run time both are the global one.
    const bound = currentUpdate()?.signal as unknown as typeof signal;
    return prev(method, payload, signal ?? bound);
  });
}
