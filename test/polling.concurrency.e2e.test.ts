// Concurrent long polling: many chats side by side, each in its own order, a bounded number of
// updates in hand, and an offset that only ever confirms updates whose handling has finished.
import { setTimeout as sleep } from "node:timers/promises";
import { Bot } from "grammy";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/log.js";
import { runPolling } from "../src/runtime/polling.js";
import { createMemoryClaims, type UpdateClaims } from "../src/runtime/update-claims.js";
import { useWorld } from "./support/world.js";

const env = useWorld();

async function say(user: { id: number }, text: string) {
  return env.world.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
}

/** Waits until check() holds; throws with `what` after 10 s. */
async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let waited = 0; !(await check()); waited += 20) {
    if (waited > 10_000) throw new Error(`still waiting for ${what}`);
    await sleep(20);
  }
}

const pending = async () => (await env.world.client.botState()).pending_update_count;

describe("concurrent polling", () => {
  it("100 chats: other chats are answered while one waits, and each chat in its own order", async () => {
    const users = [];
    for (let i = 0; i < 100; i++) {
      users.push(await env.world.client.createUser({ first_name: `Chat${i}` }));
    }
    const [slow, ...others] = users;
    if (slow === undefined) throw new Error("no users");
    const sent = new Map<number, number[]>();
    const record = (user: { id: number }, messageId: number) =>
      sent.set(user.id, [...(sent.get(user.id) ?? []), messageId]);
    const slowTexts = [
      "느린 채팅의 첫 번째 메시지",
      "느린 채팅의 두 번째 메시지",
      "느린 채팅의 세 번째",
    ];
    env.world.papago.holdWhen((request) => request.body.text === slowTexts[0]);
    env.startBot({ timeoutMs: 20_000 });

    // The slow chat writes first; then every other chat writes three messages, round by round.
    for (const text of slowTexts) record(slow, (await say(slow, text)).message_id);
    for (const round of ["첫", "두", "세"]) {
      const messages = await Promise.all(
        others.map((user, i) => say(user, `${i + 1}번 채팅의 ${round} 번째 메시지입니다`)),
      );
      others.forEach((user, i) => record(user, messages[i]?.message_id ?? 0));
    }

    // Telegram re-sends everything above the first unfinished update, at most 100 at a time: the
    // others in that window are answered while the slow chat's first message is still held.
    await env.world.client.waitForBotMessages({ count: 90 });
    expect(await env.world.client.sent({ chat_id: slow.id })).toHaveLength(0);
    // The slow chat's later messages wait for its first: they have not even been translated.
    const translated = env.world.papago.requests.map((request) => request.body.text);
    expect(translated).toContain(slowTexts[0]);
    expect(translated).not.toContain(slowTexts[1]);
    expect(translated).not.toContain(slowTexts[2]);

    env.world.papago.release();
    await env.world.client.waitForBotMessages({ count: 300, timeout_ms: 20_000 });
    for (const user of users) {
      const replies = await env.world.client.sent({ chat_id: user.id });
      expect(replies.map((m) => m.reply_to_message?.message_id)).toEqual(sent.get(user.id));
    }
    expect(await env.world.client.sent()).toHaveLength(300);
  });

  it("keeps at most `concurrency` updates in hand and fetches no more until one finishes", async () => {
    const { world } = env;
    const bot = new Bot(world.token, { client: { apiRoot: world.emulator.url } });
    let running = 0;
    let most = 0;
    let handled = 0;
    const gates: (() => void)[] = [];
    bot.on("message", async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      handled++;
    });
    const users = [];
    for (let i = 0; i < 10; i++) users.push(await world.client.createUser({ first_name: `P${i}` }));
    for (const user of users) await say(user, "hello");
    const controller = new AbortController();
    const polling = runPolling({
      bot,
      logger: createLogger({ level: "silent", secrets: [world.token] }),
      signal: controller.signal,
      timeoutSeconds: 1,
      concurrency: 4,
    });

    await until("four updates in hand", () => running === 4);
    const fetched = async () => {
      const polls = await world.client.calls({ method: "getUpdates" });
      return new Set(polls.flatMap((call) => call.update_ids ?? []));
    };
    expect((await fetched()).size).toBe(4);
    gates.shift()?.();
    await until("a fifth update in hand", async () => (await fetched()).size === 5);
    await until("four updates in hand again", () => running === 4);
    while (handled < users.length) {
      gates.shift()?.();
      await sleep(5);
    }
    controller.abort();
    await polling;
    expect(most).toBe(4);
    expect((await fetched()).size).toBe(10);
    expect(await pending()).toBe(0);
  });

  it("confirms no update after an unfinished one until that one finishes", async () => {
    const [slow, a, b] = await Promise.all(
      ["Slow", "A", "B"].map((first_name) => env.world.client.createUser({ first_name })),
    );
    if (slow === undefined || a === undefined || b === undefined) throw new Error("no users");
    const held = "이 메시지는 오래 걸려요";
    env.world.papago.holdWhen((request) => request.body.text === held);
    env.startBot({ timeoutMs: 20_000 });
    await say(slow, held);
    await env.world.papago.waitForRequests(1);
    await say(a, "첫 번째 사람이에요");
    await say(b, "두 번째 사람이에요");
    await env.world.client.waitForBotMessages({ count: 2 });
    // Two more getUpdates after both answers: either would have confirmed them if it could.
    const polls = async () => (await env.world.client.calls({ method: "getUpdates" })).length;
    const before = await polls();
    await until("two more getUpdates", async () => (await polls()) >= before + 2);
    // Both later updates are answered, yet all three are still pending at Telegram.
    expect(await pending()).toBe(3);

    env.world.papago.release();
    const replies = await env.world.client.waitForBotMessages({ chat_id: slow.id, count: 1 });
    expect(replies[0]?.text).toBe(`en:${held}`);
    await until("every update confirmed", async () => (await pending()) === 0);
  });

  it("after a stop with an update in hand, a restart answers that update and only it", async () => {
    const first = env.startBot({ polling: { claims: "store" } });
    const [a, b, c] = await Promise.all(
      ["Early", "Cut", "Late"].map((first_name) => env.world.client.createUser({ first_name })),
    );
    if (a === undefined || b === undefined || c === undefined) throw new Error("no users");
    await say(a, "먼저 왔어요");
    await env.world.client.waitForBotMessages({ chat_id: a.id, count: 1 });
    // b's reply is refused with a long retry_after: the stop comes while it waits.
    await env.world.client.injectFault({
      method: "sendMessage",
      count: 1,
      error_code: 429,
      description: "Too Many Requests: retry after 30",
      retry_after: 30,
    });
    await say(b, "중간에 끊겨요");
    await until("b's refused reply", async () => {
      const sends = await env.world.client.calls({ method: "sendMessage" });
      return sends.some((call) => call.error_code === 429);
    });
    await say(c, "나중에 왔어요");
    await env.world.client.waitForBotMessages({ chat_id: c.id, count: 1 });
    await first.stop();
    // a is confirmed; b was cut short, and c, answered, sits above it: both are delivered again.
    expect(await pending()).toBe(2);
    expect(await env.world.client.sent({ chat_id: b.id })).toHaveLength(0);

    const second = env.startBot({ polling: { claims: "store" } });
    const [reply] = await env.world.client.waitForBotMessages({ chat_id: b.id, count: 1 });
    expect(reply?.text).toBe("en:중간에 끊겨요");
    await second.stop();
    expect(await pending()).toBe(0);
    for (const user of [a, b, c]) {
      expect(await env.world.client.sent({ chat_id: user.id })).toHaveLength(1);
    }
    expect(second.logs.join("")).toContain("update already handled; not answering it again");
  });

  it("leaves an update another worker holds, and one the store cannot claim, for later", async () => {
    const memory = createMemoryClaims();
    let firstId = -1;
    let othersLease = true;
    let storeDown = 2;
    const claims: UpdateClaims = {
      ...memory,
      claim(updateId, options) {
        if (updateId === firstId && othersLease) return Promise.resolve("busy");
        if (updateId === firstId + 1 && storeDown-- > 0) {
          return Promise.reject(new Error("store unreachable"));
        }
        return memory.claim(updateId, options);
      },
    };
    const bot = env.startBot({ polling: { claims, claimBackoff: { baseMs: 20, capMs: 100 } } });
    const [busy, flaky, free] = await Promise.all(
      ["Busy", "Flaky", "Free"].map((first_name) => env.world.client.createUser({ first_name })),
    );
    if (busy === undefined || flaky === undefined || free === undefined) {
      throw new Error("no users");
    }
    firstId = (await env.world.client.botState()).next_update_id;
    await say(busy, "다른 곳에서 처리 중이에요");
    await say(flaky, "저장소가 잠깐 죽었어요");
    await say(free, "저는 바로 돼요");
    // Other chats go on, the store failures are retried, and nothing passes the busy update.
    await env.world.client.waitForBotMessages({ chat_id: free.id, count: 1 });
    await env.world.client.waitForBotMessages({ chat_id: flaky.id, count: 1 });
    expect(await env.world.client.sent({ chat_id: busy.id })).toHaveLength(0);
    expect(await pending()).toBe(3);
    expect(bot.logs.join("")).toContain("could not claim the update; retrying");
    expect(bot.logs.join("")).toContain("another worker holds the update");

    othersLease = false;
    await env.world.client.waitForBotMessages({ chat_id: busy.id, count: 1 });
    await until("every update confirmed", async () => (await pending()) === 0);
    expect(await env.world.client.sent()).toHaveLength(3);
  });
});
