// Per-chat order with parallelism across chats: work for one chat runs one at a time, in the order it
// was queued, while different chats proceed side by side. Used by polling and the webhook core, so
// that a reply to a second message never overtakes the reply to the first.
import type { Update } from "grammy/types";

export type ChatKey = number | string;

export interface ChatQueue {
  /** Runs task after every task queued before it for the same key has settled. */
  run<T>(key: ChatKey, task: () => Promise<T>): Promise<T>;
  /** Keys with work queued or running (for tests and metrics). */
  readonly size: number;
}

export function createChatQueue(): ChatQueue {
  const tails = new Map<ChatKey, Promise<unknown>>();
  return {
    run<T>(key: ChatKey, task: () => Promise<T>): Promise<T> {
      const before = tails.get(key) ?? Promise.resolve();
      const result = before.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}

/**
 * The key that orders an update: its chat, else its sender (inline queries have no chat), else the
 * update itself (nothing to keep in order with).
 */
export function chatKeyOf(update: Update): ChatKey {
  for (const [type, value] of Object.entries(update)) {
    if (type === "update_id" || typeof value !== "object" || value === null) continue;
    const payload = value as {
      chat?: { id?: unknown };
      message?: { chat?: { id?: unknown } };
      from?: { id?: unknown };
    };
    const chatId = payload.chat?.id ?? payload.message?.chat?.id;
    if (typeof chatId === "number") return chatId;
    if (typeof payload.from?.id === "number") return `user:${payload.from.id}`;
  }
  return `update:${update.update_id}`;
}
