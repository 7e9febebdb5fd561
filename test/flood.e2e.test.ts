// Telegram's flood limits, enforced by the emulator: bursts far over them are answered in full, in
// order per chat, and the emulator never once has to refuse a send (it counts every violation).
import { Writable } from "node:stream";
import { Bot } from "grammy";
import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/log.js";
import { installFlowControl } from "../src/runtime/flow-control.js";
import { runPolling } from "../src/runtime/polling.js";
import { useWorld } from "./support/world.js";

const env = useWorld();

const NO_VIOLATION = { violations: 0, violations_by_limit: { chat: 0, group: 0, global: 0 } };

/** Each chat's replies must answer its messages one for one, in the order they were sent. */
function expectRepliesInOrder(sent: Map<number, number[]>, replies: Message[]): void {
  for (const [chatId, messageIds] of sent) {
    const answered = replies
      .filter((reply) => reply.chat.id === chatId)
      .map((reply) => reply.reply_to_message?.message_id);
    expect(answered, `replies in chat ${chatId}`).toEqual(messageIds);
  }
}

describe("flood limits on (the emulator refuses what Telegram would)", () => {
  it("answers 300 messages across 30 private chats: all, in order, never over a limit", async () => {
    const { client } = env.world;
    // Telegram's own windows, not scaled: 10 messages a chat take about 8 s, 300 about 10 s.
    await client.setFloodLimits(true);
    const users = await Promise.all(
      Array.from({ length: 30 }, (_, i) => client.createUser({ first_name: `Burst ${i}` })),
    );
    const sent = new Map<number, number[]>();
    for (let round = 1; round <= 10; round++) {
      const messages = await Promise.all(
        users.map((user, i) =>
          client.sendMessage({
            chat_id: user.id,
            from_id: user.id,
            text: `${i + 1}번 방의 ${round}번째 메시지입니다`,
          }),
        ),
      );
      users.forEach((user, i) => {
        sent.set(user.id, [...(sent.get(user.id) ?? []), messages[i]?.message_id ?? 0]);
      });
    }
    // Every chat in hand at once: the bot's own limits, not polling's, set the pace.
    env.startBot({ polling: { concurrency: 100 }, timeoutMs: 20_000 });

    const replies = await client.waitForBotMessages({ count: 300, timeout_ms: 40_000 });
    expect(replies).toHaveLength(300);
    expectRepliesInOrder(sent, replies);
    const limits = await client.floodLimits();
    expect(limits).toMatchObject({ enabled: true, ...NO_VIOLATION });
    expect(limits.max_per_second).toBeLessThanOrEqual(30);
    const calls = await client.calls({ method: "sendMessage" });
    expect(calls.filter((call) => !call.ok)).toEqual([]);
  }, 50_000);

  it("answers a burst of 100 messages into one group at 20 a minute, in order", async () => {
    const { client, token, emulator } = env.world;
    // The same limits at 3/100 of the time: the group's minute lasts 1.8 s, the chat's second 30 ms.
    const timeScale = 0.03;
    await client.setFloodLimits(true, { timeScale });
    await client.setPrivacy(false);
    const members = await Promise.all(
      ["Ana", "Bo", "Chul"].map((first_name) => client.createUser({ first_name })),
    );
    const group = await client.createGroup({
      title: "Flood",
      type: "supergroup",
      member_ids: members.map((member) => member.id),
    });
    const ids: number[] = [];
    for (let i = 0; i < 100; i++) {
      const from = members[i % members.length]?.id ?? 0;
      ids.push(
        (await client.sendMessage({ chat_id: group.id, from_id: from, text: `m${i}` })).message_id,
      );
    }

    // Group modes are not babelgram's yet: a small bot answers every group message, with the same
    // flow control babelgram installs, run by babelgram's poller.
    const bot = new Bot(token, { client: { apiRoot: emulator.url } });
    installFlowControl(bot, { timeScale });
    bot.on("message:text", (ctx) =>
      ctx.reply(`re: ${ctx.message.text}`, {
        reply_parameters: { message_id: ctx.message.message_id },
      }),
    );
    const controller = new AbortController();
    const logs: string[] = [];
    const logger = createLogger({
      level: "info",
      secrets: [token],
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(chunk.toString());
          done();
        },
      }),
    });
    const polling = runPolling({ bot, logger, signal: controller.signal, timeoutSeconds: 1 });
    try {
      const replies = await client.waitForBotMessages({
        chat_id: group.id,
        count: 100,
        timeout_ms: 30_000,
      });
      expectRepliesInOrder(new Map([[group.id, ids]]), replies);
    } finally {
      controller.abort();
      await polling;
    }
    const limits = await client.floodLimits();
    expect(limits).toMatchObject({ enabled: true, time_scale: timeScale, ...NO_VIOLATION });
    // Paced to the limit, not far under it: 20 in some (scaled) minute, never 21.
    expect(limits.max_per_group_per_minute).toBe(20);
    const calls = await client.calls({ method: "sendMessage" });
    expect(calls).toHaveLength(100);
    expect(calls.every((call) => call.ok)).toBe(true);
  }, 50_000);
});
