// Telegram failing while the bot polls: 429s, 5xx and dropped connections are waited out and
// retried, and every message is still answered exactly once.
import { describe, expect, it } from "vitest";
import { useWorld } from "./support/world.js";

const env = useWorld();

describe("polling through Telegram's faults", () => {
  it("waits out a 429 on getUpdates for retry_after seconds", async () => {
    await env.world.client.injectFault({
      method: "getUpdates",
      count: 1,
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      retry_after: 1,
    });
    const bot = env.startBot();
    const user = await env.world.client.createUser({ first_name: "Slow" });
    await env.world.client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      text: "천천히 해도 돼요",
    });
    const [reply] = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(reply?.text).toBe("en:천천히 해도 돼요");
    const polls = await env.world.client.calls({ method: "getUpdates" });
    const [refused, next] = polls;
    expect(refused?.error_code).toBe(429);
    // Obeyed retry_after rather than hammering the server.
    expect((next?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(bot.logs.join("")).toContain("getUpdates failed; retrying");
  });

  it("retries a reply refused with 429 or lost on the wire, and answers once", async () => {
    env.startBot();
    const user = await env.world.client.createUser({ first_name: "Busy" });
    await env.world.client.injectFault({
      method: "sendMessage",
      count: 1,
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      retry_after: 1,
    });
    await env.world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "답장 와요?" });
    const [reply] = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(reply?.text).toBe("en:답장 와요?");

    await env.world.client.injectFault({ method: "sendMessage", count: 1, drop: true });
    await env.world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "이번에는요?" });
    const replies = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 2 });
    expect(replies.map((m) => m.text)).toEqual(["en:답장 와요?", "en:이번에는요?"]);
    expect(await env.world.client.sent({ chat_id: user.id })).toHaveLength(2);
  });

  it("gives up on an update Telegram refuses for good, and goes on with the next", async () => {
    const bot = env.startBot();
    const user = await env.world.client.createUser({ first_name: "Blocked" });
    await env.world.client.injectFault({
      method: "sendMessage",
      count: 1,
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    await env.world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "차단했어요" });
    await env.world.client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      text: "다시 풀었어요",
    });
    const [reply] = await env.world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(reply?.text).toBe("en:다시 풀었어요");
    expect(bot.logs.join("")).toContain("giving up on it");
    expect(await env.world.client.calls({ method: "sendMessage" })).toHaveLength(2);
  });
});
