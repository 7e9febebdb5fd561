// The control API through EmulatorClient: users, groups, messages, edits, raw updates, the sent
// list, waiting, the call log, reset and errors; the updates they make are read with grammY.
import { describe, expect, it } from "vitest";
import { EmulatorClient } from "./client.js";
import { detectEntities } from "./entities.js";
import { useEmulator } from "./test-emulator.js";

const env = useEmulator();

describe("users, groups and their messages", () => {
  it("creates users from id 1000 up, and their messages reach the bot as updates", async () => {
    const ada = await env.client.createUser({
      first_name: "Ada",
      username: "ada_l",
      language_code: "en",
    });
    const bob = await env.client.createUser({ first_name: "Bob" });
    expect(ada.id).toBeGreaterThanOrEqual(1000);
    expect(bob.id).toBe(ada.id + 1);
    const sent = await env.client.sendMessage({ chat_id: ada.id, from_id: ada.id, text: "/start" });
    const [update] = await env.api.getUpdates();
    expect(update?.message).toEqual(sent);
    expect(sent).toMatchObject({
      message_id: 1,
      from: {
        id: ada.id,
        is_bot: false,
        first_name: "Ada",
        username: "ada_l",
        language_code: "en",
      },
      chat: { id: ada.id, type: "private", first_name: "Ada", username: "ada_l" },
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    });
    expect(sent.date).toBe(Math.floor(sent.date));
  });

  it("sends photos with captions and stickers, and refuses what makes no sense", async () => {
    const u = await env.client.createUser({ first_name: "Pic" });
    const photo = await env.client.sendMessage({
      chat_id: u.id,
      from_id: u.id,
      photo: true,
      caption: "cat",
    });
    expect(photo.photo?.length).toBeGreaterThan(1);
    expect(photo.caption).toBe("cat");
    expect(photo.text).toBeUndefined();
    const sticker = await env.client.sendMessage({ chat_id: u.id, from_id: u.id, sticker: true });
    expect(sticker.sticker).toMatchObject({ type: "regular", is_animated: false });
    await expect(env.client.sendMessage({ chat_id: u.id, from_id: u.id })).rejects.toThrow(/text/);
    await expect(env.client.sendMessage({ chat_id: u.id, from_id: 99 })).rejects.toThrow(
      "from_id: no user with id 99",
    );
    const other = await env.client.createUser({ first_name: "Other" });
    await expect(
      env.client.sendMessage({ chat_id: other.id, from_id: u.id, text: "hi" }),
    ).rejects.toThrow(/own chat/);
  });

  it("groups: negative ids, members only, replies and updates for the bot", async () => {
    const a = await env.client.createUser({ first_name: "A" });
    const b = await env.client.createUser({ first_name: "B" });
    const group = await env.client.createGroup({ title: "Club", member_ids: [a.id] });
    const sup = await env.client.createGroup({
      title: "Big",
      member_ids: [a.id, b.id],
      type: "supergroup",
    });
    expect(group).toEqual({ id: group.id, type: "group", title: "Club" });
    expect(sup.type).toBe("supergroup");
    expect(sup.id).toBeLessThan(-1_000_000_000_000);
    // Privacy mode (on by default) would keep plain group messages from the bot.
    await env.client.setPrivacy(false);
    const first = await env.client.sendMessage({
      chat_id: group.id,
      from_id: a.id,
      text: "hi all",
    });
    const reply = await env.client.sendMessage({
      chat_id: group.id,
      from_id: a.id,
      text: "me again",
      reply_to_message_id: first.message_id,
    });
    expect(reply.reply_to_message?.text).toBe("hi all");
    await expect(
      env.client.sendMessage({ chat_id: group.id, from_id: b.id, text: "x" }),
    ).rejects.toThrow(/not a member/);
    const updates = await env.api.getUpdates();
    expect(updates.map((u) => u.message?.chat.id)).toEqual([group.id, group.id]);
  });

  it("edits: edited_message with edit_date, and the reply copy shows the new text", async () => {
    const u = await env.client.createUser({ first_name: "Ed" });
    const original = await env.client.sendMessage({ chat_id: u.id, from_id: u.id, text: "teh" });
    const edited = await env.client.editMessage({
      chat_id: u.id,
      message_id: original.message_id,
      text: "the",
    });
    expect(edited).toMatchObject({ message_id: original.message_id, text: "the" });
    expect(edited.edit_date).toBeGreaterThanOrEqual(original.date);
    const updates = await env.api.getUpdates();
    expect(updates[1]?.edited_message).toEqual(edited);
    const answer = await env.api.sendMessage(u.id, "ok", {
      reply_parameters: { message_id: original.message_id },
    });
    expect(answer.reply_to_message?.text).toBe("the");
    await expect(
      env.client.editMessage({ chat_id: u.id, message_id: answer.message_id, text: "x" }),
    ).rejects.toThrow(/no user message/);
  });
});

describe("waiting and inspecting", () => {
  it("wait resolves when the bot's messages arrive, with all of them", async () => {
    const u = await env.client.createUser({ first_name: "W" });
    const waiting = env.client.waitForBotMessages({ chat_id: u.id, count: 2, timeout_ms: 5000 });
    await env.api.sendMessage(u.id, "one");
    const elsewhere = await env.client.createUser({ first_name: "Elsewhere" });
    await env.api.sendMessage(elsewhere.id, "not this chat");
    await env.api.sendMessage(u.id, "two");
    expect((await waiting).map((m) => m.text)).toEqual(["one", "two"]);
    // Already there: answers at once; overall counts every chat.
    expect(await env.client.waitForBotMessages({ count: 3 })).toHaveLength(3);
  });

  it("wait fails after timeout_ms and says what did arrive", async () => {
    const u = await env.client.createUser({ first_name: "T" });
    await env.api.sendMessage(u.id, "only one");
    await expect(
      env.client.waitForBotMessages({ chat_id: u.id, count: 2, timeout_ms: 50 }),
    ).rejects.toThrow(
      /timed out after 50 ms waiting for 2 bot message\(s\) in chat \d+; got 1: "only one"/,
    );
  });

  it("calls, bot state and reset", async () => {
    const u = await env.client.createUser({ first_name: "R" });
    await env.client.sendMessage({ chat_id: u.id, from_id: u.id, text: "x" });
    const before = await env.client.botState();
    expect(before).toMatchObject({ pending_update_count: 1, webhook_url: "", long_polling: false });
    const [update] = await env.api.getUpdates();
    expect(before.next_update_id).toBe((update?.update_id ?? 0) + 1);
    expect(await env.client.calls({ method: "getUpdates" })).toMatchObject([
      { method: "getUpdates", ok: true, update_ids: [update?.update_id] },
    ]);
    await env.client.reset();
    expect(await env.client.calls()).toEqual([]);
    expect(await env.client.botState()).toMatchObject({ pending_update_count: 0 });
    await expect(env.api.sendMessage(u.id, "gone?")).rejects.toMatchObject({ error_code: 400 });
    // Ids keep counting after a reset.
    expect((await env.client.createUser({ first_name: "New" })).id).toBeGreaterThan(u.id);
  });

  it("control errors are thrown with the server's message", async () => {
    await expect(env.client.createUser({ first_name: "" })).rejects.toThrow(
      "first_name: expected a non-empty string",
    );
    await expect(new EmulatorClient(env.emu.url, "1:unknown").botState()).rejects.toThrow(/no bot/);
    const response = await fetch(`${env.emu.url}/_control/nothing`);
    expect(response.status).toBe(404);
  });
});

describe("entity detection", () => {
  it.each([
    ["/lang ja", [{ type: "bot_command", offset: 0, length: 5 }]],
    ["/start@babelgram_bot", [{ type: "bot_command", offset: 0, length: 20 }]],
    ["mail me@example.com", [{ type: "email", offset: 5, length: 14 }]],
    ["see example.com/a.", [{ type: "url", offset: 4, length: 13 }]],
    [
      "hi @someone #tag",
      [
        { type: "mention", offset: 3, length: 8 },
        { type: "hashtag", offset: 12, length: 4 },
      ],
    ],
    ["😂 /help", [{ type: "bot_command", offset: 3, length: 5 }]],
    ["a/b and file.txt and #123", []],
  ])("%s", (text, expected) => {
    expect(detectEntities(text)).toEqual(expected);
  });
});
