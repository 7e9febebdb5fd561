// Whether an update has already put a message in its chat. The Bot API has no idempotent send: once
// a reply is out, running the update again (after a later failure: a store write that failed, the
// second part of a long translation refused) would send that reply twice. handle-update.ts asks this
// before retrying, and gives the update up instead (with a log line) once something was sent.
import type { Bot } from "grammy";
import { PACED_METHODS } from "./flow-control.js";

interface Watch {
  sent: number;
  watchers: number;
}

const watches = new WeakMap<Bot, Map<number, Watch>>();

function installed(bot: Bot): Map<number, Watch> {
  let chats = watches.get(bot);
  if (chats !== undefined) return chats;
  const watched = new Map<number, Watch>();
  chats = watched;
  watches.set(bot, watched);
  bot.api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (result.ok && PACED_METHODS.has(method)) {
      const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
      const watch = typeof chatId === "number" ? watched.get(chatId) : undefined;
      if (watch !== undefined) watch.sent++;
    }
    return result;
  });
  return chats;
}

export interface SendWatch {
  /** Messages put in the chat (sent, copied, forwarded, edited) since the watch began. */
  sent(): number;
  stop(): void;
}

/**
 * Counts the bot's successful sends to chatId until stop(). One update of a chat runs at a time
 * (chat-queue.ts), so what is sent there meanwhile is that update's doing.
 */
export function watchSends(bot: Bot, chatId: number | undefined): SendWatch {
  if (chatId === undefined) return { sent: () => 0, stop: () => undefined };
  const chats = installed(bot);
  const watch = chats.get(chatId) ?? { sent: 0, watchers: 0 };
  chats.set(chatId, watch);
  watch.watchers++;
  const start = watch.sent;
  let stopped = false;
  return {
    sent: () => watch.sent - start,
    stop() {
      if (stopped) return;
      stopped = true;
      if (--watch.watchers === 0) chats.delete(chatId);
    },
  };
}
