// Telegram's 429 on a reply: a short retry_after is waited out and the same call made again; one
// over the cap (20 hours have been seen) is not waited for: the update goes back to Telegram, stays
// unconfirmed, and is answered once Telegram lets the bot send again. Never dropped.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createLambdaEntry } from "../src/lambda.js";
import { lambdaEvent, messageUpdate } from "./support/lambda-events.js";
import { useWorld } from "./support/world.js";

const env = useWorld();

const TWENTY_HOURS = 72_000;

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const refuse = (retryAfter: number, count = 1) =>
  env.world.client.injectFault({
    method: "sendMessage",
    count,
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    retry_after: retryAfter,
  });

const pending = async () => (await env.world.client.botState()).pending_update_count;

describe("a 429 on sendMessage, with long polling", () => {
  it("waits a retry_after of 5 s and sends the same reply again: it arrives, once", async () => {
    const bot = env.startBot();
    const { client } = env.world;
    const user = await client.createUser({ first_name: "Patient" });
    await refuse(5);
    await client.sendMessage({ chat_id: user.id, from_id: user.id, text: "기다려 줄게요" });
    const [reply] = await client.waitForBotMessages({
      chat_id: user.id,
      count: 1,
      timeout_ms: 15_000,
    });
    expect(reply?.text).toBe("en:기다려 줄게요");
    const [refused, retried, ...more] = await client.calls({ method: "sendMessage" });
    expect(refused).toMatchObject({ ok: false, error_code: 429 });
    expect(retried?.ok).toBe(true);
    expect(more).toEqual([]);
    // Obeyed retry_after: the emulator saw the second attempt at least 5 s after the first.
    expect((retried?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(5000);
    // The call was made again, not the whole update: translated once.
    expect(env.world.papago.requests).toHaveLength(1);
    expect(bot.logs.join("")).toContain("Telegram asks to wait (429)");
    expect(bot.logs.join("")).not.toContain("update failed; retrying");
  }, 30_000);

  it("gives a 20-hour retry_after up at the cap, leaves the update unconfirmed, answers it later", async () => {
    // A 2 s cap for the test (60 s by default): the update goes back twice, then Telegram lets it.
    const bot = env.startBot({ flowControl: { maxRetryAfterSeconds: 2 } });
    const { client } = env.world;
    const user = await client.createUser({ first_name: "Flooded" });
    await refuse(TWENTY_HOURS, 2);
    await client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      text: "스무 시간은 너무 길어요",
    });

    const logs = () => bot.logs.join("");
    await until("the update handed back", () =>
      logs().includes("handing the update back for re-delivery"),
    );
    expect(logs()).toContain("Telegram asks to wait longer than the cap");
    expect(logs()).toMatch(/"retryAfterSeconds":72000,"capSeconds":2/);
    // Not confirmed to Telegram, not answered: it is still there to be delivered again.
    expect(await pending()).toBe(1);
    expect(await client.sent({ chat_id: user.id })).toEqual([]);

    const [reply] = await client.waitForBotMessages({
      chat_id: user.id,
      count: 1,
      timeout_ms: 20_000,
    });
    expect(reply?.text).toBe("en:스무 시간은 너무 길어요");
    const sends = await client.calls({ method: "sendMessage" });
    expect(sends.map((call) => call.error_code ?? "ok")).toEqual([429, 429, "ok"]);
    // Between tries the chat was held back for the cap, not hammered.
    expect((sends[1]?.at ?? 0) - (sends[0]?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    expect((sends[2]?.at ?? 0) - (sends[1]?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    expect(logs()).not.toContain("giving up on it");
    await until("the update confirmed", async () => (await pending()) === 0);
    expect(await client.sent({ chat_id: user.id })).toHaveLength(1);
  }, 40_000);

  it("a bot stopped while the update is handed back: the next start gets it delivered again", async () => {
    const { client } = env.world;
    const first = env.startBot({ flowControl: { maxRetryAfterSeconds: 2 } });
    const user = await client.createUser({ first_name: "Restart" });
    await refuse(TWENTY_HOURS);
    await client.sendMessage({ chat_id: user.id, from_id: user.id, text: "다시 보내 주세요" });
    await until("the update handed back", () =>
      first.logs.join("").includes("handing the update back for re-delivery"),
    );
    await first.stop();
    expect(await pending()).toBe(1);
    expect(await client.sent({ chat_id: user.id })).toEqual([]);

    env.startBot();
    const [reply] = await client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(reply?.text).toBe("en:다시 보내 주세요");
    await until("the update confirmed", async () => (await pending()) === 0);
    expect(await client.sent({ chat_id: user.id })).toHaveLength(1);
  }, 30_000);
});

describe("a 429 on sendMessage, on Lambda", () => {
  const SECRET = `retry-secret_${randomBytes(8).toString("hex")}`;

  function lambda(extra: Record<string, string>) {
    const logs: string[] = [];
    const base: Record<string, string | undefined> = env.world.env({
      WEBHOOK_SECRET: SECRET,
      TELEGRAM_BOT_USERNAME: "babelgram_test_bot",
      ...extra,
    });
    for (const name of ["STORE_URL", "PATH", "HOME"]) delete base[name];
    const entry = createLambdaEntry(base, {
      logDestination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(chunk.toString());
          done();
        },
      }),
    });
    return { entry, logs };
  }

  it("caps the wait at the budget: answers 503 at once, and replies on a re-delivery", async () => {
    const { client } = env.world;
    // A 1 s budget: a retry_after of 5 s is over it, so the function does not sit waiting.
    const { entry, logs } = lambda({ WEBHOOK_BUDGET_MS: "1000" });
    const user = await client.createUser({ first_name: "Lambda" });
    const text = "람다에서도 기다려요";
    const sent = await client.sendMessage({ chat_id: user.id, from_id: user.id, text });
    const body = JSON.stringify(
      messageUpdate({ updateId: 880_000_001, messageId: sent.message_id, user, text }),
    );
    const event = lambdaEvent("http-v2", body, SECRET);
    await refuse(5);

    const first = await entry.handle(event);
    expect(first.statusCode).toBe(503);
    expect(Number(first.headers["retry-after"])).toBeGreaterThan(0);
    expect(logs.join("")).toMatch(/"retryAfterSeconds":5,"capSeconds":1/);
    expect(logs.join("")).toContain("handing the update back for re-delivery");
    expect(await client.sent({ chat_id: user.id })).toEqual([]);

    // Telegram delivers it again until it gets a 2xx.
    let result = await entry.handle(event);
    for (let attempt = 0; result.statusCode !== 200 && attempt < 50; attempt++) {
      expect(result.statusCode).toBe(503);
      await sleep(100);
      result = await entry.handle(event);
    }
    expect(result.statusCode).toBe(200);
    const replies = await client.sent({ chat_id: user.id });
    expect(replies.map((message) => message.text)).toEqual([`en:${text}`]);
  }, 30_000);
});
