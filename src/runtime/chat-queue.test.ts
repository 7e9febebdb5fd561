import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { chatKeyOf, createChatQueue } from "./chat-queue.js";

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("chat queue", () => {
  it("runs one chat's work in order and other chats' work alongside", async () => {
    const queue = createChatQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = queue.run(1, async () => {
      log.push("a1 start");
      await gate.promise;
      log.push("a1 end");
    });
    const second = queue.run(1, () => Promise.resolve(log.push("a2")));
    const other = queue.run(2, () => Promise.resolve(log.push("b1")));
    await other;
    // Chat 2 did not wait for chat 1; chat 1's second task waits for its first.
    expect(log).toEqual(["a1 start", "b1"]);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(["a1 start", "b1", "a1 end", "a2"]);
    await Promise.resolve();
    expect(queue.size).toBe(0);
  });

  it("goes on with a chat after a task fails, and passes the failure to its caller", async () => {
    const queue = createChatQueue();
    const failed = queue.run(7, () => Promise.reject(new Error("boom")));
    const next = queue.run(7, () => Promise.resolve("next"));
    await expect(failed).rejects.toThrow("boom");
    expect(await next).toBe("next");
  });
});

describe("chatKeyOf", () => {
  it("orders by chat, by sender without a chat, else by update", () => {
    const chat = { id: -100, type: "supergroup", title: "g" };
    const from = { id: 42, is_bot: false, first_name: "A" };
    expect(
      chatKeyOf({ update_id: 1, message: { message_id: 1, date: 0, chat, from } } as Update),
    ).toBe(-100);
    expect(
      chatKeyOf({
        update_id: 2,
        callback_query: {
          id: "q",
          from,
          chat_instance: "c",
          message: { message_id: 1, date: 0, chat },
        },
      } as Update),
    ).toBe(-100);
    expect(
      chatKeyOf({
        update_id: 3,
        inline_query: { id: "i", from, query: "hi", offset: "" },
      }),
    ).toBe("user:42");
    expect(chatKeyOf({ update_id: 4 })).toBe("update:4");
  });
});
