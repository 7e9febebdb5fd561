// editMessageText, editMessageReplyMarkup and deleteMessage through grammY's Api, with Telegram's
// refusals, and the web chat's message view that shows their effect.
import { InlineKeyboard } from "grammy";
import { beforeEach, describe, expect, it } from "vitest";
import { useEmulator } from "./test-emulator.js";

let clock = Date.now();
beforeEach(() => {
  clock = Date.now();
});
const env = useEmulator({ now: () => clock, user: { first_name: "Editor" } });

const refusal = (what: string) => ({ error_code: 400, description: `Bad Request: ${what}` });
const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
const keyboard = new InlineKeyboard().text("Yes", "yes").text("No", "no");

describe("editMessageText", () => {
  it("edits the bot's text, sets edit_date, and drops the keyboard unless it is given again", async () => {
    const sent = await env.api.sendMessage(env.user.id, "draft", { reply_markup: keyboard });
    expect(sent.reply_markup).toEqual({ inline_keyboard: keyboard.inline_keyboard });
    clock += 5_000;
    const kept = await env.api.editMessageText(env.user.id, sent.message_id, "final /help", {
      reply_markup: keyboard,
    });
    expect(kept).toMatchObject({
      message_id: sent.message_id,
      text: "final /help",
      entities: [{ type: "bot_command", offset: 6, length: 5 }],
      edit_date: Math.floor(clock / 1000),
      reply_markup: { inline_keyboard: keyboard.inline_keyboard },
    });
    const bare = await env.api.editMessageText(env.user.id, sent.message_id, "final /help");
    expect(bare).not.toHaveProperty("reply_markup");
    const [shown] = await env.client.chatMessages(env.user.id);
    expect(shown).toEqual(bare);
    const html = await env.api.editMessageText(env.user.id, sent.message_id, "<b>bold</b> move", {
      parse_mode: "HTML",
    });
    expect(html).toMatchObject({
      text: "bold move",
      entities: [{ type: "bold", offset: 0, length: 4 }],
    });
  });

  it("refuses an edit that changes nothing, and edits of what is not the bot's own text", async () => {
    const sent = await env.api.sendMessage(env.user.id, "same", { reply_markup: keyboard });
    await expect(
      env.api.editMessageText(env.user.id, sent.message_id, "same", { reply_markup: keyboard }),
    ).rejects.toMatchObject(refusal(NOT_MODIFIED));
    const theirs = await env.client.sendMessage({
      chat_id: env.user.id,
      from_id: env.user.id,
      text: "hi",
    });
    await expect(
      env.api.editMessageText(env.user.id, theirs.message_id, "x"),
    ).rejects.toMatchObject(refusal("message can't be edited"));
    await expect(env.api.editMessageText(env.user.id, 999, "x")).rejects.toMatchObject(
      refusal("message to edit not found"),
    );
    await expect(env.api.editMessageText(env.user.id, sent.message_id, "")).rejects.toMatchObject(
      refusal("message text is empty"),
    );
    await expect(env.api.editMessageText(env.user.id, sent.message_id, " ")).rejects.toMatchObject(
      refusal("text must be non-empty"),
    );
    await expect(
      env.api.editMessageText(env.user.id, sent.message_id, "x".repeat(4097)),
    ).rejects.toMatchObject(refusal("MESSAGE_TOO_LONG"));
    await expect(env.api.editMessageTextInline("abc", "x")).rejects.toMatchObject(
      refusal("invalid inline message identifier specified"),
    );
    await expect(
      env.api.raw.editMessageText({ chat_id: env.user.id, text: "x" }),
    ).rejects.toMatchObject(refusal("message identifier is not specified"));
    const photo = await env.api.sendPhoto(env.user.id, "https://example.com/cat.jpg");
    await expect(env.api.editMessageText(env.user.id, photo.message_id, "x")).rejects.toMatchObject(
      refusal("there is no text in the message to edit"),
    );
  });
});

describe("editMessageReplyMarkup", () => {
  it("replaces or removes the inline keyboard, and refuses no change or a reply keyboard", async () => {
    const sent = await env.api.sendMessage(env.user.id, "menu", { reply_markup: keyboard });
    const other = new InlineKeyboard().text("Back", "back");
    const edited = await env.api.editMessageReplyMarkup(env.user.id, sent.message_id, {
      reply_markup: other,
    });
    expect(edited).toMatchObject({
      text: "menu",
      reply_markup: { inline_keyboard: other.inline_keyboard },
    });
    await expect(
      env.api.editMessageReplyMarkup(env.user.id, sent.message_id, { reply_markup: other }),
    ).rejects.toMatchObject(refusal(NOT_MODIFIED));
    await expect(
      env.api.raw.editMessageReplyMarkup({
        chat_id: env.user.id,
        message_id: sent.message_id,
        reply_markup: { keyboard: [[{ text: "a" }]] } as never,
      }),
    ).rejects.toMatchObject(refusal("inline keyboard expected"));
    const removed = await env.api.editMessageReplyMarkup(env.user.id, sent.message_id);
    expect(removed).not.toHaveProperty("reply_markup");
  });

  it("checks inline keyboards the way Telegram does when they are sent", async () => {
    const send = (button: object) =>
      env.api.raw.sendMessage({
        chat_id: env.user.id,
        text: "k",
        reply_markup: { inline_keyboard: [[button]] } as never,
      });
    await expect(send({ text: "plain" })).rejects.toMatchObject(
      refusal(
        "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
      ),
    );
    await expect(send({ callback_data: "x" })).rejects.toMatchObject(
      refusal(`can't parse inline keyboard button: Can't find field "text"`),
    );
    await expect(send({ text: "long", callback_data: "x".repeat(65) })).rejects.toMatchObject(
      refusal("BUTTON_DATA_INVALID"),
    );
    await expect(send({ text: "link", url: "https://example.com" })).resolves.toBeDefined();
  });
});

describe("deleteMessage", () => {
  it("deletes the bot's messages and a user's in a private chat; the view forgets them", async () => {
    const mine = await env.api.sendMessage(env.user.id, "bye");
    const theirs = await env.client.sendMessage({
      chat_id: env.user.id,
      from_id: env.user.id,
      text: "hi",
    });
    const kept = await env.api.sendMessage(env.user.id, "stays");
    expect(await env.api.deleteMessage(env.user.id, mine.message_id)).toBe(true);
    expect(await env.api.deleteMessage(env.user.id, theirs.message_id)).toBe(true);
    expect((await env.client.chatMessages(env.user.id)).map((m) => m.text)).toEqual([kept.text]);
    await expect(env.api.deleteMessage(env.user.id, mine.message_id)).rejects.toMatchObject(
      refusal("message to delete not found"),
    );
    await expect(
      env.api.sendMessage(env.user.id, "re", { reply_parameters: { message_id: mine.message_id } }),
    ).rejects.toMatchObject(refusal("message to be replied not found"));
  });

  it("deletes others' group messages only as an administrator, and nothing after 48 hours", async () => {
    const member = await env.client.createUser({ first_name: "Member" });
    const group = await env.client.createGroup({
      title: "G",
      member_ids: [env.user.id, member.id],
    });
    const said = await env.client.sendMessage({ chat_id: group.id, from_id: member.id, text: "x" });
    await expect(env.api.deleteMessage(group.id, said.message_id)).rejects.toMatchObject(
      refusal("message can't be deleted"),
    );
    const me = await env.api.getMe();
    await env.client.changeMember(group.id, { user_id: me.id, action: "promote" });
    expect(await env.api.deleteMessage(group.id, said.message_id)).toBe(true);

    const old = await env.api.sendMessage(env.user.id, "old");
    clock += 48 * 60 * 60 * 1000 + 1000;
    await expect(env.api.deleteMessage(env.user.id, old.message_id)).rejects.toMatchObject(
      refusal("message can't be deleted for everyone"),
    );
  });
});
