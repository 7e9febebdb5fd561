// The poller killed with SIGKILL at random moments, ten times, while 200 messages across 20 chats
// flow in: after the last restart every message has exactly one reply, and each chat's replies are
// in the order its messages were sent.
//
// One window no bot can close is left out on purpose: killed after Telegram has accepted a reply
// but before the store has recorded the update as done (well under a millisecond), the update is
// answered again once its lease runs out, because the Bot API has no idempotent send. So each kill
// comes at a random moment, but only once no reply is on its way: translations are held first, and
// the kill waits until every reply this process sent is recorded as done.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnCli, type Running } from "./support/cli.js";
import { startWorld, type World } from "./support/world.js";

const CHATS = 20;
const PER_CHAT = 10;
const KILLS = 10;
/** Longer than a paced reply can wait for its turn (one a second per chat, 30 a second overall). */
const PACING_MS = 1_500;

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

function start(): Running {
  // A one-second lease: the restart takes over what the killed process held without a long wait.
  return spawnCli(["start", "--claim-lease", "1"], {
    env: world.env({ LOG_LEVEL: "debug" }),
    cwd: world.dir,
  });
}

describe("polling under repeated SIGKILL", () => {
  it("answers every message exactly once and in order per chat", async () => {
    const users = [];
    for (let i = 0; i < CHATS; i++) {
      users.push(await world.client.createUser({ first_name: `Chaos ${i}` }));
    }
    const sent = new Map<number, number[]>();
    // The messages arrive in ten waves, one per chat each time, while the bot is killed and restarted.
    const flow = (async () => {
      for (let wave = 0; wave < PER_CHAT; wave++) {
        for (const [index, user] of users.entries()) {
          const message = await world.client.sendMessage({
            chat_id: user.id,
            from_id: user.id,
            text: `${index + 1}번 방의 ${wave + 1}번째 메시지입니다`,
          });
          sent.set(user.id, [...(sent.get(user.id) ?? []), message.message_id]);
        }
        await sleep(60);
      }
    })();

    const sends = async () => (await world.client.calls({ method: "sendMessage" })).length;
    const finished = (running: Running) =>
      running.output().split('"msg":"update finished"').length - 1;
    const outputs: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const sentBefore = await sends();
      const running = start();
      await sleep(150 + Math.random() * 350);
      // No new reply can start while translations are held; wait for those already on their way:
      // a translated reply may still wait its turn to be sent (babelgram paces each chat at about
      // one message a second), or be on the wire, unseen by the local Bot API. Killing then would
      // be the one window no bot can close (see the README), so the counts must agree and stay
      // unchanged for longer than a turn takes.
      world.papago.hold();
      let seen = -1;
      for (;;) {
        await expect
          .poll(async () => (await sends()) - sentBefore === finished(running), { timeout: 10_000 })
          .toBe(true);
        const now = await sends();
        if (now === seen) break;
        seen = now;
        await sleep(PACING_MS);
      }
      running.child.kill("SIGKILL");
      await running.exited;
      world.papago.release();
      outputs.push(running.output());
    }
    await flow;

    const last = start();
    const total = CHATS * PER_CHAT;
    await world.client.waitForBotMessages({ count: total, timeout_ms: 60_000 });
    // Let anything still pending come through before stopping cleanly.
    await expect
      .poll(async () => (await world.client.botState()).pending_update_count, {
        timeout: 20_000,
      })
      .toBe(0);
    // It may have found nothing left to do; it stops cleanly once it is up.
    await expect.poll(() => last.output().includes('"msg":"polling for updates"')).toBe(true);
    last.child.kill("SIGTERM");
    expect(await last.exited).toEqual({ code: 0, signal: null });
    outputs.push(last.output());

    for (const user of users) {
      const replies = await world.client.sent({ chat_id: user.id });
      expect(replies.map((reply) => reply.reply_to_message?.message_id)).toEqual(sent.get(user.id));
    }
    const [, secret = ""] = world.token.split(":");
    expect(outputs.join("\n")).not.toContain(secret);
  }, 120_000);
});
