// Supervision: stray errors in handlers (a forgotten rejected promise, a throw from a timer) are
// logged once with their update and chat and the bot goes on; a throw outside any update stops the
// process cleanly. A handler that keeps failing for one update is given up after N attempts with one
// log line, is not retried when Telegram delivers it again (within the 24 hours it keeps updates), and
// does not block its chat: the chat's next message is answered.
import { spawn } from "node:child_process";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { privateTextUpdate, useEmulator } from "../src/emulator/test-emulator.js";
import { StoreError } from "../src/errors.js";
import { createLogger } from "../src/log.js";
import { createMemoryClaims } from "../src/runtime/update-claims.js";
import { createWebhookCore } from "../src/runtime/webhook-core.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/supervised-bot.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface LogLine {
  level: number;
  msg: string;
  updateId?: number;
  chatId?: number;
  outcome?: string;
  attempts?: number;
  err?: { message?: string };
}

/** Runs the fixture to its end; its stdout is JSON log lines. */
async function runFixture(mode: "handlers" | "outside") {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, mode], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const lines = stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
  return { code, lines, stderr };
}

describe("a supervised process", () => {
  it("logs a stray error in a handler once, with its update and chat, and goes on", async () => {
    const { code, lines, stderr } = await runFixture("handlers");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const rejections = lines.filter((line) => line.msg.startsWith("unhandled rejection"));
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({ updateId: 500, chatId: 42 });
    expect(rejections[0]?.err?.message).toBe("a forgotten promise");
    const exceptions = lines.filter((line) => line.msg.startsWith("uncaught exception"));
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({ updateId: 501, chatId: 42 });
    expect(exceptions[0]?.err?.message).toBe("thrown from a timer");
    // The handler that threw outright was given up on with one line; the chat's next updates ran.
    const givenUp = lines.filter((line) => line.msg.includes("giving up"));
    expect(givenUp).toHaveLength(1);
    expect(givenUp[0]).toMatchObject({ updateId: 502, chatId: 42 });
    expect(lines.filter((line) => line.msg === "answered").map((line) => line.updateId)).toEqual([
      500, 501, 503, 504,
    ]);
    expect(lines.some((line) => line.msg === "still running")).toBe(true);
  });

  it("stops cleanly, exit code 1, after an uncaught exception outside any update", async () => {
    const { code, lines } = await runFixture("outside");
    expect(code).toBe(1);
    const fatal = lines.filter((line) => line.msg.includes("outside any update"));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]?.level).toBe(60);
    expect(fatal[0]?.err?.message).toBe("thrown outside any update");
    expect(fatal[0]?.updateId).toBeUndefined();
    expect(lines.some((line) => line.msg === "stopped cleanly")).toBe(true);
  });
});

describe("an update whose handler keeps failing", () => {
  const env = useEmulator({ user: { first_name: "Minsu", language_code: "ko" } });
  const SECRET = "supervision_secret";

  it("is given up after N attempts, is not retried on re-delivery, and does not block its chat", async () => {
    const lines: LogLine[] = [];
    const logger = createLogger({
      level: "debug",
      secrets: [],
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as LogLine);
          done();
        },
      }),
    });
    const bot = new Bot(env.emu.defaultToken, { client: { apiRoot: env.emu.url } });
    let poisonRuns = 0;
    bot.on("message:text", async (ctx) => {
      if (ctx.message.text === "poison") {
        poisonRuns++;
        // A retryable failure (not an outage): retried, then given up on.
        throw new StoreError({ message: "the store refused this update's data" });
      }
      await ctx.reply(`echo: ${ctx.message.text}`);
    });
    let clock = Date.now();
    const core = createWebhookCore({
      bot,
      logger,
      secret: SECRET,
      handledTypes: ["message"],
      claims: createMemoryClaims({ now: () => clock }),
      handling: { maxAttempts: 3, backoff: { baseMs: 5, capMs: 20 } },
    });
    const user = env.user;
    const update = (id: number, text: string) => privateTextUpdate(user, text, id);
    const deliver = (body: Update) =>
      core.handle({
        method: "POST",
        headers: { "x-telegram-bot-api-secret-token": SECRET },
        body: JSON.stringify(body),
      });

    // Telegram keeps one update per chat in flight: the poison one is answered before the next.
    expect((await deliver(update(71, "poison"))).status).toBe(200);
    expect(poisonRuns).toBe(3);
    const givenUp = lines.filter((line) => line.msg.includes("giving up"));
    expect(givenUp).toHaveLength(1);
    expect(givenUp[0]).toMatchObject({ updateId: 71, chatId: user.id, attempts: 3, level: 50 });

    // A re-delivery, even 24 hours on, is acknowledged without running the handler again.
    clock += 24 * 60 * 60 * 1000;
    expect((await deliver(update(71, "poison"))).status).toBe(200);
    expect(poisonRuns).toBe(3);
    expect(lines.filter((line) => line.msg.includes("giving up"))).toHaveLength(1);

    // The chat goes on.
    expect((await deliver(update(72, "after the poison"))).status).toBe(200);
    const replies = await env.client.sent({ chat_id: user.id });
    expect(replies.map((message) => message.text)).toEqual(["echo: after the poison"]);
  });
});
