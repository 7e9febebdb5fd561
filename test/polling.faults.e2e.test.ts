// Telegram failing while the bot polls: 429s, 5xx and dropped connections are waited out and
// retried, and every message is still answered exactly once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startBot, startWorld, type World } from "./support/world.js";

let world: World;
let bot: ReturnType<typeof startBot> | undefined;

beforeAll(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await world.client.reset();
  world.papago.reset();
});
afterAll(async () => {
  await world.close();
});

describe("polling through Telegram's faults", () => {
  it("waits out a 429 on getUpdates for retry_after seconds", async () => {
    await world.client.injectFault({
      method: "getUpdates",
      count: 1,
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      retry_after: 1,
    });
    bot = startBot(world);
    const user = await world.client.createUser({ first_name: "Slow" });
    await world.client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      text: "천천히 해도 돼요",
    });
    const [reply] = await world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(reply?.text).toBe("en:천천히 해도 돼요");
    const polls = await world.client.calls({ method: "getUpdates" });
    const [refused, next] = polls;
    expect(refused?.error_code).toBe(429);
    // Obeyed retry_after rather than hammering the server.
    expect((next?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(bot.logs.join("")).toContain("getUpdates failed; retrying");
  });

  it("retries a reply refused with 429 or lost on the wire, and answers once", async () => {
    bot = startBot(world);
    const user = await world.client.createUser({ first_name: "Busy" });
    await world.client.injectFault({
      method: "sendMessage",
      count: 1,
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      retry_after: 1,
    });
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "답장 와요?" });
    const [reply] = await world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(reply?.text).toBe("en:답장 와요?");

    await world.client.injectFault({ method: "sendMessage", count: 1, drop: true });
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "이번에는요?" });
    const replies = await world.client.waitForBotMessages({ chat_id: user.id, count: 2 });
    expect(replies.map((m) => m.text)).toEqual(["en:답장 와요?", "en:이번에는요?"]);
    expect(await world.client.sent({ chat_id: user.id })).toHaveLength(2);
  });

  it("gives up on an update Telegram refuses for good, and goes on with the next", async () => {
    bot = startBot(world);
    const user = await world.client.createUser({ first_name: "Blocked" });
    await world.client.injectFault({
      method: "sendMessage",
      count: 1,
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "차단했어요" });
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "다시 풀었어요" });
    const [reply] = await world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(reply?.text).toBe("en:다시 풀었어요");
    expect(bot.logs.join("")).toContain("giving up on it");
    expect(await world.client.calls({ method: "sendMessage" })).toHaveLength(2);
  });
});
