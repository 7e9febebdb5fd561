// The babelgram CLI against the local Bot API: whoami, updates, send, and start's refusals.
import { Api } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli, spawnCli } from "./support/cli.js";
import { makeToken, startWorld, type World } from "./support/world.js";

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
beforeEach(async () => {
  await world.client.reset();
});
afterAll(async () => {
  await world.close();
});

const secretOf = (token: string) => token.split(":")[1] ?? token;

describe("babelgram whoami", () => {
  it("shows the bot's name and username", async () => {
    const { code, output } = await runCli(["whoami"], { env: world.env(), cwd: world.dir });
    expect(output).toContain("babelgram test (@babelgram_test_bot)");
    expect(code).toBe(0);
  });

  it("says clearly when Telegram rejects the token, without printing it", async () => {
    const wrong = makeToken();
    const { code, output } = await runCli(["whoami"], {
      env: world.env({ TELEGRAM_BOT_TOKEN: wrong }),
      cwd: world.dir,
    });
    expect(code).toBe(1);
    expect(output).toContain("Telegram rejected the token");
    expect(output.trim().split("\n")).toHaveLength(1);
    expect(output).not.toContain(secretOf(wrong));
  });

  it("names the variable when the token is missing or malformed", async () => {
    const missing = await runCli(["whoami"], {
      env: world.env({ TELEGRAM_BOT_TOKEN: "" }),
      cwd: world.dir,
    });
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("TELEGRAM_BOT_TOKEN: is not set");
    const malformed = await runCli(["whoami"], {
      env: world.env({ TELEGRAM_BOT_TOKEN: "123:short-secret-value" }),
      cwd: world.dir,
    });
    expect(malformed.output).toContain("TELEGRAM_BOT_TOKEN: is malformed");
    expect(malformed.output).not.toContain("short-secret-value");
  });

  it("reports an unreachable Bot API without leaking the token from the request URL", async () => {
    const { code, output } = await runCli(["whoami"], {
      env: world.env({ TELEGRAM_API_ROOT: "http://127.0.0.1:9" }),
      cwd: world.dir,
    });
    expect(code).toBe(1);
    expect(output).toContain("Network error talking to Telegram");
    expect(output).not.toContain(secretOf(world.token));
  });
});

describe("babelgram updates", () => {
  it("lists pending updates with chat ids and texts, without confirming them", async () => {
    const user = await world.client.createUser({ first_name: "Ada", username: "ada" });
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "hello bot" });
    await world.client.sendMessage({ chat_id: user.id, from_id: user.id, text: "second" });
    const { code, output } = await runCli(["updates"], { env: world.env(), cwd: world.dir });
    expect(code).toBe(0);
    expect(output).toContain(`chat_id ${user.id} (private, Ada @ada)`);
    expect(output).toContain('"hello bot"');
    expect(output).toContain('"second"');
    expect((await world.client.botState()).pending_update_count).toBe(2);
  });

  it("says how to get an update when there is none", async () => {
    const { output } = await runCli(["updates"], { env: world.env(), cwd: world.dir });
    expect(output).toContain("No pending updates");
  });
});

describe("babelgram send", () => {
  it("sends with parse mode, silently, as a reply", async () => {
    const user = await world.client.createUser({ first_name: "Bo" });
    const original = await world.client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      text: "hi",
    });
    const args = [
      "send",
      String(user.id),
      "<b>Hello</b> there",
      "--parse-mode",
      "HTML",
      "--silent",
      "--reply-to",
      String(original.message_id),
    ];
    const { code, output } = await runCli(args, { env: world.env(), cwd: world.dir });
    expect(code).toBe(0);
    const [sent] = await world.client.sent({ chat_id: user.id });
    expect(output).toContain(`Sent message ${sent?.message_id} to chat ${user.id}`);
    expect(sent?.reply_to_message?.message_id).toBe(original.message_id);
    const [call] = await world.client.calls({ method: "sendMessage" });
    expect(call?.params).toMatchObject({
      parse_mode: "HTML",
      disable_notification: true,
      text: "<b>Hello</b> there",
    });
  });

  it("shows Telegram's refusal as one line", async () => {
    const { code, output } = await runCli(["send", "424242", "hi"], {
      env: world.env(),
      cwd: world.dir,
    });
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      "babelgram: Telegram refused sendMessage: Bad Request: chat not found",
    );
  });

  it("rejects a bad --reply-to before calling Telegram", async () => {
    const { code, output } = await runCli(["send", "1", "hi", "--reply-to", "abc"], {
      env: world.env(),
      cwd: world.dir,
    });
    expect(code).not.toBe(0);
    expect(output).toContain("expected a whole number");
    expect(await world.client.calls({ method: "sendMessage" })).toHaveLength(0);
  });
});

describe("babelgram start and webhooks", () => {
  it("refuses to poll while a webhook is set, and never deletes it silently", async () => {
    const api = new Api(world.token, { apiRoot: world.emulator.url });
    await api.setWebhook("https://bot.example.com/telegram");
    const { code, output } = await runCli(["start"], { env: world.env(), cwd: world.dir });
    expect(code).toBe(1);
    expect(output).toContain("A webhook is set for this bot");
    expect(output).toContain("--delete-webhook");
    expect((await api.getWebhookInfo()).url).toBe("https://bot.example.com/telegram");
  });

  it("--delete-webhook removes it on purpose and polls", async () => {
    const api = new Api(world.token, { apiRoot: world.emulator.url });
    await api.setWebhook("https://bot.example.com/telegram");
    const user = await world.client.createUser({ first_name: "Del" });
    await world.client.sendMessage({
      chat_id: user.id,
      from_id: user.id,
      text: "웹훅 없이 되나요?",
    });
    const running = spawnCli(["start", "--delete-webhook"], { env: world.env(), cwd: world.dir });
    const [reply] = await world.client.waitForBotMessages({ chat_id: user.id, count: 1 });
    expect(reply?.text).toBe("en:웹훅 없이 되나요?");
    expect((await api.getWebhookInfo()).url).toBe("");
    running.child.kill("SIGINT");
    expect((await running.exited).code).toBe(0);
  });
});
