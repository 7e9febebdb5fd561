// kill -9 after the poller has fetched a batch but before it has answered it: on restart, every
// message is answered (the offset was never confirmed). Then SIGTERM: a clean exit that confirms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnCli } from "./support/cli.js";
import { startWorld, type World } from "./support/world.js";

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe("polling survives SIGKILL", () => {
  it("answers every message of a batch that was fetched but not answered before the kill", async () => {
    const user = await world.client.createUser({ first_name: "Kill" });
    const texts = ["첫 번째 메시지입니다", "두 번째 메시지입니다", "세 번째 메시지입니다"];
    const sent = [];
    for (const text of texts) {
      sent.push(await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text }));
    }
    // The bot will fetch the batch and get stuck translating its first message.
    world.papago.hold();
    const first = spawnCli(["start"], { env: world.env(), cwd: world.dir });
    await world.papago.waitForRequests(1);
    const polls = await world.client.calls({ method: "getUpdates" });
    const fetched = polls.flatMap((call) => call.update_ids ?? []);
    expect(fetched).toHaveLength(3);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(await world.client.sent({ chat_id: user.id })).toHaveLength(0);
    world.papago.release();

    const second = spawnCli(["start"], { env: world.env(), cwd: world.dir });
    const replies = await world.client.waitForBotMessages({
      chat_id: user.id,
      count: 3,
      timeout_ms: 15_000,
    });
    expect(replies.map((m) => m.text)).toEqual(texts.map((text) => `en:${text}`));
    expect(replies.map((m) => m.reply_to_message?.message_id)).toEqual(
      sent.map((m) => m.message_id),
    );

    second.child.kill("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
    // The clean stop confirmed the offset: nothing is left to be delivered again.
    expect((await world.client.botState()).pending_update_count).toBe(0);
    expect(await world.client.sent({ chat_id: user.id })).toHaveLength(3);
    const [, secret = ""] = world.token.split(":");
    expect(first.output() + second.output()).not.toContain(secret);
  });
});
