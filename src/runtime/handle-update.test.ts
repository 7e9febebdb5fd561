// What handleUpdate makes of Telegram's 429 and of flow control giving a call up: the update is
// handed back ("deferred": released, delivered again later), never given up on and never re-run
// here while Telegram asks for longer than this runtime may wait.
import { Writable } from "node:stream";
import { Bot, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { botIdentity } from "../bot/identity.js";
import { createLogger } from "../log.js";
import { installFlowControl } from "./flow-control.js";
import { handleUpdate } from "./handle-update.js";

const ME = botIdentity({ id: 42, username: "test_bot" });

const update = (id: number): Update => ({
  update_id: id,
  message: {
    message_id: id,
    date: 0,
    chat: { id: 7, type: "private", first_name: "U" },
    from: { id: 7, is_bot: false, first_name: "U" },
    text: "hello",
  },
});

/**
 * A bot that replies to every message, against a fake Telegram answering sendMessage with `answers`
 * in turn (then ok); with flow control (cap in seconds) unless told otherwise.
 */
function setup(answers: object[], options: { flowControl?: number | false } = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    level: "debug",
    secrets: [],
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  });
  const bot = new Bot("42:test-token-that-is-not-used-anywhere", { botInfo: ME });
  let sends = 0;
  let runs = 0;
  const fake = ((_prev, method) => {
    if (method !== "sendMessage") return Promise.resolve({ ok: true, result: true });
    const answer = answers[sends++];
    return Promise.resolve(answer ?? { ok: true, result: { message_id: 1 } });
  }) as Transformer;
  bot.api.config.use(fake);
  if (options.flowControl !== false) {
    installFlowControl(bot, { maxRetryAfterSeconds: options.flowControl ?? 2, logger });
  }
  bot.on("message", async (ctx) => {
    runs++;
    await ctx.reply("answer");
  });
  return { bot, logger, logs: () => lines.join(""), sends: () => sends, runs: () => runs };
}

const tooMany = (retryAfter: number) => ({
  ok: false,
  error_code: 429,
  description: `Too Many Requests: retry after ${retryAfter}`,
  parameters: { retry_after: retryAfter },
});

describe("handleUpdate and Telegram's 429", () => {
  it("hands an update back when retry_after is over flow control's cap (20 hours)", async () => {
    const t = setup([tooMany(72_000)]);
    const outcome = await handleUpdate(update(1), { bot: t.bot, logger: t.logger });
    expect(outcome).toBe("deferred");
    // Not run again here, not given up on: one attempt, one refused send, a log line.
    expect(t.runs()).toBe(1);
    expect(t.sends()).toBe(1);
    expect(t.logs()).toContain("longer than the cap");
    expect(t.logs()).toContain("handing the update back for re-delivery");
    expect(t.logs()).not.toContain("giving up on it");
  });

  it("without flow control, hands back a retry_after over its own cap, and a 429 that lasts", async () => {
    const t = setup([tooMany(72_000)], { flowControl: false });
    expect(await handleUpdate(update(2), { bot: t.bot, logger: t.logger })).toBe("deferred");
    expect(t.runs()).toBe(1);

    const again = setup([tooMany(1)], { flowControl: false });
    const outcome = await handleUpdate(update(3), {
      bot: again.bot,
      logger: again.logger,
      maxAttempts: 1,
    });
    expect(outcome).toBe("deferred");
  });

  it("hands back a call that could only go past the deadline, without waiting for it", async () => {
    // Waiting 5 s would have ended "done": the deadline makes it go back at once instead.
    const t = setup([tooMany(5)], { flowControl: 60 });
    const outcome = await handleUpdate(update(4), {
      bot: t.bot,
      logger: t.logger,
      deadline: Date.now() + 1000,
    });
    expect(outcome).toBe("deferred");
    expect(t.sends()).toBe(1);
  });

  it("ends as aborted when the signal stops a 429 wait (shutdown)", async () => {
    const t = setup([tooMany(30)], { flowControl: 60 });
    const controller = new AbortController();
    const outcome = handleUpdate(update(5), {
      bot: t.bot,
      logger: t.logger,
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await outcome).toBe("aborted");
    expect(t.sends()).toBe(1);
  });

  it("waits out a short retry_after inside the call: the update runs once", async () => {
    const t = setup([tooMany(1)], { flowControl: 60 });
    const startedAt = Date.now();
    expect(await handleUpdate(update(6), { bot: t.bot, logger: t.logger })).toBe("done");
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
    expect(t.runs()).toBe(1);
    expect(t.sends()).toBe(2);
  });
});

describe("handleUpdate and a Telegram outage", () => {
  const badGateway = { ok: false, error_code: 502, description: "Bad Gateway" };

  it("hands the update back when Telegram keeps answering 5xx, rather than giving up on it", async () => {
    const t = setup([badGateway, badGateway, badGateway, badGateway], { flowControl: false });
    const outcome = await handleUpdate(update(20), {
      bot: t.bot,
      logger: t.logger,
      maxAttempts: 3,
      backoff: { baseMs: 1, capMs: 2 },
    });
    expect(outcome).toBe("deferred");
    expect(t.sends()).toBe(3);
    expect(t.logs()).toContain("Telegram keeps failing; handing the update back");
    expect(t.logs()).not.toContain("giving up on it");
  });

  it("still gives up on an update Telegram refuses for good (4xx)", async () => {
    const forbidden = {
      ok: false,
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    };
    const t = setup([forbidden], { flowControl: false });
    const outcome = await handleUpdate(update(21), { bot: t.bot, logger: t.logger });
    expect(outcome).toBe("given-up");
    expect(t.logs()).toContain("giving up on it");
  });
});
