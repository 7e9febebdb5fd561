// Papago failing in every documented way: the user gets a short message (or nothing, where nothing
// is right) and the bot keeps running.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot, startWorld, type World } from "./support/world.js";

let world: World;
let bot: ReturnType<typeof startBot>;

beforeAll(async () => {
  world = await startWorld();
  bot = startBot(world, { timeoutMs: 300 });
});
afterAll(async () => {
  await bot.stop();
  await world.close();
});

type Failure = Parameters<World["papago"]["failNext"]>[1];

describe("Papago errors", () => {
  it.each<[string, Failure, RegExp]>([
    ["401 authentication failed", "auth", /not set up correctly/],
    ["429 quota exceeded", "quota", /busy/],
    ["429 throttled", "throttle", /busy/],
    ["N2MT08 text too long", "too-long", /too long/],
    ["500 N2MT99", "internal", /isn't answering/],
    ["malformed JSON", "malformed", /isn't answering/],
    ["no answer (timeout)", "hang", /isn't answering/],
  ])(
    "%s: a short polite reply, then the next message is translated",
    async (_name, failure, expected) => {
      const user = await world.client.createUser({ first_name: "Err", language_code: "en" });
      world.papago.failNext(1, failure);
      const failed = await world.client.sendMessage({
        chat_id: user.id,
        from_id: user.id,
        text: "번역이 안 되나요?",
      });
      await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "이건 될까요?" });
      const [apology, translation] = await world.client.waitForBotMessages({
        chat_id: user.id,
        count: 2,
      });
      expect(apology?.text).toMatch(expected);
      expect((apology?.text ?? "").length).toBeLessThan(120);
      expect(apology?.reply_to_message?.message_id).toBe(failed.message_id);
      expect(translation?.text).toBe("en:이건 될까요?");
      expect(bot.logs.join("")).toContain("translation failed");
    },
  );

  it("N2MT05 (source equals target): no reply at all, and the bot goes on", async () => {
    const user = await world.client.createUser({ first_name: "Same" });
    world.papago.failNext(1, "same-language");
    await world.client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      text: "이미 한국어인데요",
    });
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "그럼 이건요?" });
    const replies = await world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(replies.map((m) => m.text)).toEqual(["en:그럼 이건요?"]);
    expect(await world.client.sent({ chat_id: user.id })).toHaveLength(1);
  });

  it("replies in Korean to a Korean user", async () => {
    const user = await world.client.createUser({ first_name: "민수", language_code: "ko" });
    world.papago.failNext(1, "quota");
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "Is it working?" });
    const [apology] = await world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(apology?.text).toContain("번역기");
  });
});
