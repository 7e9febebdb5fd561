// kill -9 after the poller has fetched a batch but before it has answered it: on restart, every
// message is answered (the offset was never confirmed). Then SIGTERM: a clean exit that confirms.
// And kill -9 after part of a batch was answered: the store's claims keep the restart from
// answering those again, so every message is answered exactly once.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HANDLED_UPDATE_TYPES } from "../src/bot/index.js";
import { spawnCli, type Running } from "./support/cli.js";
import { startWorld, type World } from "./support/world.js";

let world: World;
const children: Running[] = [];

// A short lease, so that the restart takes over the killed process's update within the test.
const START = ["start", "--claim-lease", "2"];

function start(): Running {
  const running = spawnCli(START, { env: world.env({ LOG_LEVEL: "debug" }), cwd: world.dir });
  children.push(running);
  return running;
}

/** Resolves once `count` lines of the child's JSON log have this msg; throws after 10 s. */
async function logged(running: Running, msg: string, count: number) {
  const lines = () =>
    running
      .output()
      .split("\n")
      .filter((line) => line.includes(`"msg":"${msg}"`))
      .map((line) => JSON.parse(line) as { updateId?: number });
  for (let waited = 0; lines().length < count; waited += 20) {
    if (waited > 10_000) throw new Error(`${lines().length} of ${count} "${msg}" lines logged`);
    await sleep(20);
  }
  return lines();
}

beforeAll(async () => {
  world = await startWorld();
});
afterEach(async () => {
  for (const running of children.splice(0)) {
    if (running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill("SIGKILL");
      await running.exited;
    }
  }
  world.papago.reset();
  await world.client.reset();
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
    const first = start();
    await world.papago.waitForRequests(1);
    const polls = await world.client.calls({ method: "getUpdates" });
    // The poller asks for exactly the update types the bot handles (Telegram remembers the last
    // list it was given, also one from setWebhook).
    expect(polls[0]?.params.allowed_updates).toEqual([...HANDLED_UPDATE_TYPES]);
    // Fetched, perhaps more than once: Telegram re-sends what is not confirmed yet.
    const fetched = new Set(polls.flatMap((call) => call.update_ids ?? []));
    expect(fetched.size).toBe(3);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(await world.client.sent({ chat_id: user.id })).toHaveLength(0);
    world.papago.release();

    const second = start();
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

describe("polling answers exactly once across SIGKILL", () => {
  it("does not answer again what was answered before the kill, and answers the rest", async () => {
    const held = "먼저 보낸 메시지는 아직 번역 중이에요";
    const people = [];
    for (const name of ["Ara", "Bomi", "Chan", "Dami"]) {
      people.push(await world.client.createUser({ first_name: name }));
    }
    const [slow, ...others] = people;
    if (slow === undefined) throw new Error("no users");
    const sent = new Map<number, number[]>();
    const say = async (user: { id: number }, text: string) => {
      const message = await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text });
      sent.set(user.id, [...(sent.get(user.id) ?? []), message.message_id]);
    };
    // The slow chat's first message comes first, so nothing after it can be confirmed.
    await say(slow, held);
    await say(slow, "느린 채팅의 두 번째 메시지예요");
    for (const [index, user] of others.entries()) {
      await say(user, `${index + 1}번 채팅의 첫 번째 메시지예요`);
      await say(user, `${index + 1}번 채팅의 두 번째 메시지예요`);
    }
    world.papago.holdWhen((request) => request.body.text === held);

    const first = start();
    // Every other chat answered, and recorded as handled in the store: then the kill.
    await world.client.waitForBotMessages({ count: 2 * others.length });
    await logged(first, "update finished", 2 * others.length);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(await world.client.sent({ chat_id: slow.id })).toHaveLength(0);
    // Nothing was confirmed: Telegram sends all eight again.
    expect((await world.client.botState()).pending_update_count).toBe(8);
    world.papago.release();

    const second = start();
    await world.client.waitForBotMessages({ chat_id: slow.id, count: 2, timeout_ms: 15_000 });
    second.child.kill("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect((await world.client.botState()).pending_update_count).toBe(0);

    // The restart saw the six answered updates again and left them alone.
    expect(await logged(second, "update already handled; not answering it again", 6)).toHaveLength(
      6,
    );
    for (const user of people) {
      const replies = await world.client.sent({ chat_id: user.id });
      expect(replies.map((m) => m.reply_to_message?.message_id)).toEqual(sent.get(user.id));
    }
    expect(await world.client.calls({ method: "sendMessage" })).toHaveLength(8);
  });
});
