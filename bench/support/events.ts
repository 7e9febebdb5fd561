// The local Bot API's change events (GET /_control/events, Server-Sent Events), timed as they arrive:
// every message put in a chat, the user's and the bot's alike, in the order the chat stores them.
import { request, type ClientRequest } from "node:http";
import { performance } from "node:perf_hooks";

export interface ChatEvents {
  /** Arrival times (performance.now()) of the chat's "message" events, in order. */
  times(chatId: number): readonly number[];
  /** Resolves once the chat has had `count` message events; rejects after timeoutMs. */
  until(chatId: number, count: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function watchChatEvents(emulatorUrl: string): Promise<ChatEvents> {
  const arrivals = new Map<number, number[]>();
  const waiters = new Set<{ chatId: number; count: number; done: () => void }>();
  let req: ClientRequest | undefined;
  await new Promise<void>((resolve, reject) => {
    req = request(`${emulatorUrl}/_control/events`, (res) => {
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes(": connected")) resolve();
          for (const line of block.split("\n")) {
            if (!line.startsWith("data: ")) continue;
            const event = JSON.parse(line.slice(6)) as { type?: string; chat_id?: unknown };
            if (event.type !== "message" || typeof event.chat_id !== "number") continue;
            const list = arrivals.get(event.chat_id) ?? [];
            list.push(now);
            arrivals.set(event.chat_id, list);
            for (const waiter of waiters) {
              if (waiter.chatId === event.chat_id && list.length >= waiter.count) waiter.done();
            }
          }
        }
      });
    });
    req.on("error", reject);
    req.end();
  });
  return {
    times: (chatId) => arrivals.get(chatId) ?? [],
    until(chatId, count, timeoutMs = 30_000) {
      if ((arrivals.get(chatId)?.length ?? 0) >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const got = arrivals.get(chatId)?.length ?? 0;
          reject(new Error(`chat ${chatId}: ${got} of ${count} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          chatId,
          count,
          done: () => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve();
          },
        };
        waiters.add(waiter);
      });
    },
    close: () => req?.destroy(),
  };
}
