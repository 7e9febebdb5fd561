// editMessageText, editMessageReplyMarkup and deleteMessage through grammY's Api, with Telegram's
// refusals, and the web chat's message view that shows their effect.
import { Api, InlineKeyboard } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorClient } from "./client.js";
import { startEmulator, type Emulator } from "./index.js";

let emu: Emulator;
let api: Api;
let client: EmulatorClient;
let user: { id: number };
let clock = Date.now();

beforeAll(async () => {
  emu = await startEmulator({ now: () => clock });
  api = new Api(emu.defaultToken, { apiRoot: emu.url });
  client = new EmulatorClient(emu.url);
});
beforeEach(async () => {
  clock = Date.now();
  await client.reset();
  user = await client.createUser({ first_name: "Editor" });
});
afterAll(async () => {
  await emu.close();
});

const refusal = (what: string) => ({ error_code: 400, description: `Bad Request: ${what}` });
const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
const keyboard = new InlineKeyboard().text("Yes", "yes").text("No", "no");

describe("editMessageText", () => {
  it("edits the bot's text, sets edit_date, and drops the keyboard unless it is given again", async () => {
    const sent = await api.sendMessage(user.id, "draft", { reply_markup: keyboard });
    expect(sent.reply_markup).toEqual({ inline_keyboard: keyboard.inline_keyboard });
    clock += 5_000;
    const kept = await api.editMessageText(user.id, sent.message_id, "final /help", {
      reply_markup: keyboard,
    });
    expect(kept).toMatchObject({
      message_id: sent.message_id,
      text: "final /help",
      entities: [{ type: "bot_command", offset: 6, length: 5 }],
      edit_date: Math.floor(clock / 1000),
      reply_markup: { inline_keyboard: keyboard.inline_keyboard },
    });
    const bare = await api.editMessageText(user.id, sent.message_id, "final /help");
    expect(bare).not.toHaveProperty("reply_markup");
    const [shown] = await client.chatMessages(user.id);
    expect(shown).toEqual(bare);
    const html = await api.editMessageText(user.id, sent.message_id, "<b>bold</b> move", {
      parse_mode: "HTML",
    });
    expect(html).toMatchObject({
      text: "bold move",
      entities: [{ type: "bold", offset: 0, length: 4 }],
    });
  });

  it("refuses an edit that changes nothing, and edits of what is not the bot's own text", async () => {
    const sent = await api.sendMessage(user.id, "same", { reply_markup: keyboard });
    await expect(
      api.editMessageText(user.id, sent.message_id, "same", { reply_markup: keyboard }),
    ).rejects.toMatchObject(refusal(NOT_MODIFIED));
    const theirs = await client.sendMessage({ chat_id: user.id, from_id: user.id, text: "hi" });
    await expect(api.editMessageText(user.id, theirs.message_id, "x")).rejects.toMatchObject(
      refusal("message can't be edited"),
    );
    await expect(api.editMessageText(user.id, 999, "x")).rejects.toMatchObject(
      refusal("message to edit not found"),
    );
    await expect(api.editMessageText(user.id, sent.message_id, "")).rejects.toMatchObject(
      refusal("message text is empty"),
    );
    await expect(api.editMessageText(user.id, sent.message_id, " ")).rejects.toMatchObject(
      refusal("text must be non-empty"),
    );
    await expect(
      api.editMessageText(user.id, sent.message_id, "x".repeat(4097)),
    ).rejects.toMatchObject(refusal("MESSAGE_TOO_LONG"));
    await expect(api.editMessageTextInline("abc", "x")).rejects.toMatchObject(
      refusal("invalid inline message identifier specified"),
    );
    await expect(api.raw.editMessageText({ chat_id: user.id, text: "x" })).rejects.toMatchObject(
      refusal("message identifier is not specified"),
    );
    const photo = await api.sendPhoto(user.id, "https://example.com/cat.jpg");
    await expect(api.editMessageText(user.id, photo.message_id, "x")).rejects.toMatchObject(
      refusal("there is no text in the message to edit"),
    );
  });
});

describe("editMessageReplyMarkup", () => {
  it("replaces or removes the inline keyboard, and refuses no change or a reply keyboard", async () => {
    const sent = await api.sendMessage(user.id, "menu", { reply_markup: keyboard });
    const other = new InlineKeyboard().text("Back", "back");
    const edited = await api.editMessageReplyMarkup(user.id, sent.message_id, {
      reply_markup: other,
    });
    expect(edited).toMatchObject({
      text: "menu",
      reply_markup: { inline_keyboard: other.inline_keyboard },
    });
    await expect(
      api.editMessageReplyMarkup(user.id, sent.message_id, { reply_markup: other }),
    ).rejects.toMatchObject(refusal(NOT_MODIFIED));
    await expect(
      api.raw.editMessageReplyMarkup({
        chat_id: user.id,
        message_id: sent.message_id,
        reply_markup: { keyboard: [[{ text: "a" }]] } as never,
      }),
    ).rejects.toMatchObject(refusal("inline keyboard expected"));
    const removed = await api.editMessageReplyMarkup(user.id, sent.message_id);
    expect(removed).not.toHaveProperty("reply_markup");
  });

  it("checks inline keyboards the way Telegram does when they are sent", async () => {
    const send = (button: object) =>
      api.raw.sendMessage({
        chat_id: user.id,
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
    const mine = await api.sendMessage(user.id, "bye");
    const theirs = await client.sendMessage({ chat_id: user.id, from_id: user.id, text: "hi" });
    const kept = await api.sendMessage(user.id, "stays");
    expect(await api.deleteMessage(user.id, mine.message_id)).toBe(true);
    expect(await api.deleteMessage(user.id, theirs.message_id)).toBe(true);
    expect((await client.chatMessages(user.id)).map((m) => m.text)).toEqual([kept.text]);
    await expect(api.deleteMessage(user.id, mine.message_id)).rejects.toMatchObject(
      refusal("message to delete not found"),
    );
    await expect(
      api.sendMessage(user.id, "re", { reply_parameters: { message_id: mine.message_id } }),
    ).rejects.toMatchObject(refusal("message to be replied not found"));
  });

  it("deletes others' group messages only as an administrator, and nothing after 48 hours", async () => {
    const member = await client.createUser({ first_name: "Member" });
    const group = await client.createGroup({ title: "G", member_ids: [user.id, member.id] });
    const said = await client.sendMessage({ chat_id: group.id, from_id: member.id, text: "x" });
    await expect(api.deleteMessage(group.id, said.message_id)).rejects.toMatchObject(
      refusal("message can't be deleted"),
    );
    const me = await api.getMe();
    await client.changeMember(group.id, { user_id: me.id, action: "promote" });
    expect(await api.deleteMessage(group.id, said.message_id)).toBe(true);

    const old = await api.sendMessage(user.id, "old");
    clock += 48 * 60 * 60 * 1000 + 1000;
    await expect(api.deleteMessage(user.id, old.message_id)).rejects.toMatchObject(
      refusal("message can't be deleted for everyone"),
    );
  });
});
