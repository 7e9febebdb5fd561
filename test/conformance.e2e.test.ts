// The emulator is a stand-in for Telegram for any bot library, not only babelgram's: the same small
// echo bot, written with grammY and with Telegraf, in polling and in webhook mode.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, webhookCallback } from "grammy";
import { Telegraf } from "telegraf";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EmulatorClient } from "../src/emulator/client.js";
import { startEmulator, type Emulator } from "../src/emulator/index.js";

let emulator: Emulator;
let client: EmulatorClient;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  emulator = await startEmulator();
  client = new EmulatorClient(emulator.url);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await client.reset();
});
afterAll(async () => {
  await emulator.close();
});

const SECRET = "conformance_secret-123";

function grammyBot(): Bot {
  const bot = new Bot(emulator.defaultToken, { client: { apiRoot: emulator.url } });
  bot.command("start", (ctx) => ctx.reply("welcome"));
  bot.on("message:text", (ctx) =>
    ctx.reply(`<b>echo:</b> ${ctx.message.text}`, {
      parse_mode: "HTML",
      reply_parameters: { message_id: ctx.message.message_id },
    }),
  );
  return bot;
}

function telegrafBot(): Telegraf {
  const bot = new Telegraf(emulator.defaultToken, { telegram: { apiRoot: emulator.url } });
  bot.start((ctx) => ctx.reply("welcome"));
  bot.on("text", (ctx) =>
    ctx.reply(`<b>echo:</b> ${ctx.message.text}`, {
      parse_mode: "HTML",
      reply_parameters: { message_id: ctx.message.message_id },
    }),
  );
  return bot;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<unknown>;

async function listen(handler: Handler): Promise<{ server: Server; url: string }> {
  // Both libraries answer errors themselves; a rejection here would be a test bug, so surface it.
  const server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      console.error(error);
      response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The emulator keeps its delivery connections alive; don't wait for them to idle out.
        server.closeAllConnections();
      }),
  );
  return { server, url: `http://127.0.0.1:${port}/hook` };
}

async function converse() {
  const user = await client.createUser({ first_name: "Conf" });
  await client.sendMessage({ chat_id: user.id, from_id: user.id, text: "/start" });
  const hello = await client.sendMessage({
    chat_id: user.id,
    from_id: user.id,
    text: "hello there",
  });
  const replies = await client.waitForBotMessages({ chat_id: user.id, count: 2 });
  expect(replies[0]?.text).toBe("welcome");
  expect(replies[1]?.text).toBe("echo: hello there");
  expect(replies[1]?.entities).toEqual([{ type: "bold", offset: 0, length: 5 }]);
  expect(replies[1]?.reply_to_message?.message_id).toBe(hello.message_id);
}

describe("conformance with real bot libraries", () => {
  it("grammY, long polling (bot.start)", async () => {
    const bot = grammyBot();
    const started = bot.start({ timeout: 1 });
    cleanups.push(async () => {
      await bot.stop();
      await started;
    });
    await converse();
  });

  it("Telegraf, long polling (bot.launch)", async () => {
    const bot = telegrafBot();
    void bot.launch({ dropPendingUpdates: false });
    cleanups.push(() => bot.stop("test over"));
    await converse();
  });

  it("grammY, webhook with a secret token", async () => {
    const bot = grammyBot();
    const { url } = await listen(webhookCallback(bot, "http", { secretToken: SECRET }));
    await bot.api.setWebhook(url, { secret_token: SECRET });
    await converse();
    // The update leaves the queue once the webhook has answered, just after the reply was sent.
    await expect.poll(async () => (await bot.api.getWebhookInfo()).pending_update_count).toBe(0);
    expect((await bot.api.getWebhookInfo()).last_error_message).toBeUndefined();
  });

  it("Telegraf, webhook with a secret token", async () => {
    const bot = telegrafBot();
    const { url } = await listen(bot.webhookCallback("/hook", { secretToken: SECRET }));
    await bot.telegram.setWebhook(url, { secret_token: SECRET });
    await converse();
  });

  it("a webhook with the wrong secret is refused by the bot, and Telegram keeps retrying", async () => {
    const bot = grammyBot();
    const { url } = await listen(webhookCallback(bot, "http", { secretToken: SECRET }));
    await bot.api.setWebhook(url, { secret_token: "not_the_right_one" });
    const user = await client.createUser({ first_name: "Wrong" });
    await client.sendMessage({ chat_id: user.id, from_id: user.id, text: "anyone?" });
    await expect
      .poll(async () => (await bot.api.getWebhookInfo()).last_error_message)
      .toMatch(/401/);
    expect((await bot.api.getWebhookInfo()).pending_update_count).toBe(1);
    expect(await client.sent({ chat_id: user.id })).toHaveLength(0);
  });
});
