// Ties the Telegram calls a handler makes to the delivery that started it, so that the webhook core
// can cut them off when its time budget runs out (on Lambda, nothing may run after the answer).
import { AsyncLocalStorage } from "node:async_hooks";
import type { Bot } from "grammy";

const scope = new AsyncLocalStorage<AbortSignal>();
const installed = new WeakSet<Bot>();

/** Makes every Bot API call of this bot observe the signal of the scope it was made in. */
export function installUpdateScope(bot: Bot): void {
  if (installed.has(bot)) return;
  installed.add(bot);
  bot.api.config.use((prev, method, payload, signal) => {
    // grammY's Node typings name node-fetch's AbortSignal; at run time both are the global one.
    const bound = scope.getStore() as unknown as typeof signal;
    return prev(method, payload, signal ?? bound);
  });
}

/** Runs work with Telegram calls bound to signal (see installUpdateScope). */
export function runInUpdateScope<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return scope.run(signal, work);
}
