// sendMessage and the webhook methods, with Telegram's refusals, through grammY's Api.
import { describe, expect, it } from "vitest";
import { useEmulator } from "./test-emulator.js";

const env = useEmulator({ user: { first_name: "Reader", username: "reader" } });

const refusal = (description: string) => ({ error_code: 400, description });

describe("sendMessage", () => {
  it("answers the Message: from the bot, date in seconds, ids increasing per chat", async () => {
    const before = Math.floor(Date.now() / 1000);
    const first = await env.api.sendMessage(env.user.id, "hello");
    const second = await env.api.sendMessage(env.user.id, "again");
    expect(first).toMatchObject({
      from: { id: 100000001, is_bot: true, username: "babelgram_local_bot" },
      chat: { id: env.user.id, type: "private", first_name: "Reader", username: "reader" },
      text: "hello",
    });
    expect(first.date).toBeGreaterThanOrEqual(before);
    expect(first.date).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(second.message_id).toBe(first.message_id + 1);
    const other = await env.client.createUser({ first_name: "Other" });
    expect((await env.api.sendMessage(other.id, "hi")).message_id).toBe(1);
    expect((await env.client.sent({ chat_id: env.user.id })).map((m) => m.text)).toEqual([
      "hello",
      "again",
    ]);
    expect(await env.client.sent()).toHaveLength(3);
  });

  it("fills reply_to_message one level deep, from reply_parameters or reply_to_message_id", async () => {
    const question = await env.client.sendMessage({
      chat_id: env.user.id,
      from_id: env.user.id,
      text: "q?",
    });
    const answer = await env.api.sendMessage(env.user.id, "a!", {
      reply_parameters: { message_id: question.message_id },
    });
    expect(answer.reply_to_message).toMatchObject({ message_id: question.message_id, text: "q?" });
    const legacy = await env.api.raw.sendMessage({
      chat_id: env.user.id,
      text: "and again",
      reply_to_message_id: answer.message_id,
    });
    expect(legacy.reply_to_message?.message_id).toBe(answer.message_id);
    expect(legacy.reply_to_message).not.toHaveProperty("reply_to_message");
  });

  it("refuses empty text, text over 4096 characters, an unknown chat and a missing reply target", async () => {
    await expect(env.api.sendMessage(env.user.id, "")).rejects.toMatchObject(
      refusal("Bad Request: message text is empty"),
    );
    // Not empty as sent, but nothing is left once Telegram trims it.
    await expect(env.api.sendMessage(env.user.id, "  \n ")).rejects.toMatchObject(
      refusal("Bad Request: text must be non-empty"),
    );
    await expect(env.api.sendMessage(env.user.id, "x".repeat(4097))).rejects.toMatchObject(
      refusal("Bad Request: message is too long"),
    );
    // 4096 UTF-16 code units is the limit, whatever the script.
    await expect(env.api.sendMessage(env.user.id, "가".repeat(4096))).resolves.toBeDefined();
    await expect(env.api.sendMessage(424242, "hi")).rejects.toMatchObject(
      refusal("Bad Request: chat not found"),
    );
    await expect(
      env.api.sendMessage(env.user.id, "hi", { reply_parameters: { message_id: 999 } }),
    ).rejects.toMatchObject(refusal("Bad Request: message to be replied not found"));
    const sent = await env.api.sendMessage(env.user.id, "hi", {
      reply_parameters: { message_id: 999, allow_sending_without_reply: true },
    });
    expect(sent.reply_to_message).toBeUndefined();
    const failed = (await env.client.calls({ method: "sendMessage" })).filter((call) => !call.ok);
    expect(failed.map((call) => call.error_code)).toEqual([400, 400, 400, 400, 400]);
  });

  it("parses parse_mode markup, echoes an inline keyboard, and detects entities", async () => {
    const markup = { inline_keyboard: [[{ text: "Go", callback_data: "go" }]] };
    const sent = await env.api.sendMessage(
      env.user.id,
      "<b>Hi</b> see /help or https://example.com",
      {
        parse_mode: "HTML",
        reply_markup: markup,
      },
    );
    expect(sent.text).toBe("Hi see /help or https://example.com");
    expect(sent.reply_markup).toEqual(markup);
    expect(sent.entities).toEqual([
      { type: "bold", offset: 0, length: 2 },
      { type: "bot_command", offset: 7, length: 5 },
      { type: "url", offset: 16, length: 19 },
    ]);
    await expect(
      env.api.sendMessage(env.user.id, "x", { parse_mode: "Bold" as "HTML" }),
    ).rejects.toMatchObject(refusal("Bad Request: unsupported parse_mode"));
  });

  it("strips surrounding whitespace like Telegram, moving given entities along", async () => {
    const sent = await env.api.sendMessage(env.user.id, "\n  bold move  \n", {
      entities: [{ type: "bold", offset: 3, length: 4 }],
    });
    expect(sent.text).toBe("bold move");
    expect(sent.entities).toEqual([{ type: "bold", offset: 0, length: 4 }]);
  });

  it("sends to a group the bot is in, by id", async () => {
    const group = await env.client.createGroup({ title: "Team", member_ids: [env.user.id] });
    expect(group.id).toBeLessThan(0);
    const sent = await env.api.sendMessage(group.id, "hello team");
    expect(sent.chat).toEqual({ id: group.id, type: "group", title: "Team" });
  });
});

describe("webhook settings", () => {
  it("stores a webhook, reports it in getWebhookInfo and deletes it with or without updates", async () => {
    await env.client.sendMessage({ chat_id: env.user.id, from_id: env.user.id, text: "pending" });
    expect(await env.api.getWebhookInfo()).toEqual({
      url: "",
      has_custom_certificate: false,
      pending_update_count: 1,
    });
    await env.api.setWebhook("https://bot.example.com/hook", {
      secret_token: "s3cret_-",
      allowed_updates: ["message", "callback_query"],
    });
    expect(await env.api.getWebhookInfo()).toEqual({
      url: "https://bot.example.com/hook",
      has_custom_certificate: false,
      pending_update_count: 1,
      max_connections: 40,
      allowed_updates: ["message", "callback_query"],
    });
    expect((await env.client.botState()).webhook_url).toBe("https://bot.example.com/hook");
    await env.api.deleteWebhook({ drop_pending_updates: true });
    expect(await env.api.getWebhookInfo()).toEqual({
      url: "",
      has_custom_certificate: false,
      pending_update_count: 0,
    });
  });

  it("refuses what Telegram refuses, and says so in the description", async () => {
    await expect(env.api.setWebhook("http://bot.example.com/hook")).rejects.toMatchObject(
      refusal("Bad Request: bad webhook: An HTTPS URL must be provided for webhook"),
    );
    await expect(env.api.setWebhook("https://bot.example.com:3000/hook")).rejects.toMatchObject(
      refusal("Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"),
    );
    await expect(
      env.api.setWebhook("https://bot.example.com/hook", { secret_token: "no spaces" }),
    ).rejects.toMatchObject(refusal("Bad Request: secret token contains unallowed characters"));
    const response = await fetch(
      `${env.emu.url}/bot${env.emu.defaultToken}/setWebhook?url=https://a.example/`,
    );
    expect(await response.json()).toEqual({
      ok: true,
      result: true,
      description: "Webhook was set",
    });
  });
});
