// An update that has sent its reply is never run again: a failure after the reply (a store write
// during an outage, say) is logged, not retried, so the user does not get the reply twice. One that
// failed before sending anything is retried as before.
import { Writable } from "node:stream";
import { Bot } from "grammy";
import { describe, expect, it } from "vitest";
import { privateTextUpdate, useEmulator } from "../emulator/test-emulator.js";
import { StoreError } from "../errors.js";
import { createLogger } from "../log.js";
import { handleUpdate } from "./handle-update.js";
import { watchSends } from "./sent-tracker.js";

const env = useEmulator({ user: { first_name: "Minsu", language_code: "ko" } });

const outage = () =>
  new StoreError({
    message: "PostgreSQL store failed to record reply links",
    cause: new Error("Connection terminated unexpectedly"),
  });

function setup(
  failAfterReply: (run: number) => boolean,
  failBeforeReply: (run: number) => boolean,
) {
  const lines: Array<{ msg: string; updateId?: number; sent?: number }> = [];
  const logger = createLogger({
    level: "debug",
    secrets: [],
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as { msg: string });
        done();
      },
    }),
  });
  const bot = new Bot(env.emu.defaultToken, { client: { apiRoot: env.emu.url } });
  let runs = 0;
  bot.on("message:text", async (ctx) => {
    runs++;
    if (failBeforeReply(runs)) throw outage();
    await ctx.reply(`echo: ${ctx.message.text}`);
    if (failAfterReply(runs)) throw outage();
  });
  return { bot, logger, lines, runs: () => runs };
}

const update = (text: string, id: number) => privateTextUpdate(env.user, text, id);

const replies = async () =>
  (await env.client.sent({ chat_id: env.user.id })).map((message) => message.text);

describe("an update that fails after its reply", () => {
  it("is not run again, and says why in one line", async () => {
    const { bot, logger, lines, runs } = setup(
      () => true,
      () => false,
    );
    await bot.init();
    const outcome = await handleUpdate(update("once only", 1), {
      bot,
      logger,
      backoff: { baseMs: 1, capMs: 5 },
    });
    expect(outcome).toBe("given-up");
    expect(runs()).toBe(1);
    expect(await replies()).toEqual(["echo: once only"]);
    const line = lines.filter((entry) => entry.msg.includes("after its reply was sent"));
    expect(line).toHaveLength(1);
    expect(line[0]).toMatchObject({ updateId: 1, sent: 1 });
  });

  it("is retried when it failed before sending anything", async () => {
    const { bot, logger, runs } = setup(
      () => false,
      (run) => run <= 2,
    );
    await bot.init();
    const outcome = await handleUpdate(update("after two failures", 2), {
      bot,
      logger,
      backoff: { baseMs: 1, capMs: 5 },
    });
    expect(outcome).toBe("done");
    expect(runs()).toBe(3);
    expect(await replies()).toEqual(["echo: after two failures"]);
  });
});

describe("watchSends", () => {
  it("counts only successful sends to the watched chat, while watched", async () => {
    const bot = new Bot(env.emu.defaultToken, { client: { apiRoot: env.emu.url } });
    const other = await env.client.createUser({ first_name: "Other" });
    const watch = watchSends(bot, env.user.id);
    await bot.api.sendMessage(env.user.id, "one");
    await bot.api.sendMessage(other.id, "elsewhere");
    await bot.api.getMe();
    await bot.api.sendMessage(424242, "no such chat").catch(() => undefined);
    expect(watch.sent()).toBe(1);
    watch.stop();
    await bot.api.sendMessage(env.user.id, "after");
    expect(watch.sent()).toBe(1);
    expect(watchSends(bot, undefined).sent()).toBe(0);
  });
});
