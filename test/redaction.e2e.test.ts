// The token and the Papago secret must not appear in any log line, whatever fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAPAGO_SECRET, startBot, startWorld, type World } from "./support/world.js";

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe("token redaction", () => {
  it("keeps secrets out of the logs while Telegram and Papago fail", async () => {
    const bot = startBot(world, { timeoutMs: 300 });
    const user = await world.client.createUser({ first_name: "Leak" });
    // Telegram fails: getUpdates answers 502, then sendMessage is refused twice and dropped once.
    await world.client.injectFault({
      method: "getUpdates",
      count: 2,
      error_code: 502,
      description: "Bad Gateway",
    });
    await world.client.injectFault({
      method: "sendMessage",
      count: 2,
      error_code: 500,
      description: "Internal Server Error",
    });
    world.papago.failNext(1, "auth");
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "비밀이 새나요?" });
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "두 번째 메시지" });
    await world.client.waitForBotMessages({ chat_id: user.id, count: 2 });
    await world.client.injectFault({ method: "sendMessage", count: 1, drop: true });
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "세 번째 메시지" });
    await world.client.waitForBotMessages({ chat_id: user.id, count: 3 });
    await bot.stop();

    const output = bot.logs.join("");
    // The failures were logged (so the test exercised the error paths)...
    expect(output).toContain("getUpdates failed");
    expect(output).toContain("update failed; retrying");
    expect(output).toContain("translation failed");
    // node-fetch put the request URL, token included, into the dropped connection's error.
    expect(output).toContain("bot[redacted token]/sendMessage");
    // ...without the secrets.
    const [, tokenSecret = ""] = world.token.split(":");
    expect(output).not.toContain(tokenSecret);
    expect(output).not.toContain(encodeURIComponent(world.token));
    expect(output).not.toContain(PAPAGO_SECRET);
  });
});
