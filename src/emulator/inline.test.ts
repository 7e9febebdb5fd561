// Inline mode after the answer: the user picks a result and sends it via the bot into a chat
// (via_bot), the bot gets chosen_inline_result when inline feedback is on, edits the message by
// inline_message_id, and gets callback queries from its buttons with inline_message_id.
import type { InlineQueryResult, Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { useEmulator } from "./test-emulator.js";

const env = useEmulator({ user: { first_name: "Inliner", username: "inliner" } });

const refusal = (what: string) => ({ error_code: 400, description: `Bad Request: ${what}` });
const KEYBOARD = { inline_keyboard: [[{ text: "Translate again", callback_data: "again" }]] };

/** The next updates, confirming them. */
async function takeUpdates(): Promise<Update[]> {
  const updates = await env.api.getUpdates();
  const last = updates.at(-1);
  if (last !== undefined) await env.api.getUpdates({ offset: last.update_id + 1 });
  return updates;
}

/** The user types "@bot <query>", the bot answers with `results`; the query's id. */
async function answered(query: string, results: InlineQueryResult[]): Promise<string> {
  const { inline_query_id } = await env.client.sendInlineQuery({ from_id: env.user.id, query });
  await env.api.answerInlineQuery(inline_query_id, results);
  await takeUpdates();
  return inline_query_id;
}

const article = (id: string, text: string, extra: object = {}): InlineQueryResult => ({
  type: "article",
  id,
  title: `Result ${id}`,
  input_message_content: { message_text: text, parse_mode: "HTML" },
  ...extra,
});

describe("choosing an inline result", () => {
  it("sends the result into the chat as the user's message, via_bot the bot", async () => {
    const me = await env.api.getMe();
    const group = await env.client.createGroup({ title: "Club", member_ids: [env.user.id] });
    const id = await answered("hola", [article("es", "<b>hola</b> = hello"), article("x", "x")]);
    const { message, inline_message_id } = await env.client.chooseInlineResult(id, {
      result_id: "es",
      chat_id: group.id,
    });
    expect(message).toEqual({
      message_id: message.message_id,
      from: env.user,
      chat: group,
      date: message.date,
      text: "hola = hello",
      entities: [{ type: "bold", offset: 0, length: 4 }],
      via_bot: { id: me.id, is_bot: true, first_name: me.first_name, username: me.username },
    });
    expect(inline_message_id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await env.client.chatMessages(group.id)).toEqual([message]);
    // In a group under privacy mode a message via the bot is not for the bot; no feedback asked.
    expect(await takeUpdates()).toEqual([]);
    // In the user's chat with the bot it arrives like anything they say there.
    const again = await env.client.chooseInlineResult(id, { result_id: "x", chat_id: env.user.id });
    const [update] = await takeUpdates();
    expect(update?.message).toEqual(again.message);
  });

  it("with inline feedback, a chosen_inline_result; inline_message_id only with a keyboard", async () => {
    await env.client.setInlineFeedback(true);
    const id = await answered("ciao", [
      article("plain", "ciao"),
      article("keyed", "ciao!", { reply_markup: KEYBOARD }),
    ]);
    await env.client.chooseInlineResult(id, { result_id: "plain", chat_id: env.user.id });
    const keyed = await env.client.chooseInlineResult(id, {
      result_id: "keyed",
      chat_id: env.user.id,
    });
    expect(keyed.message.reply_markup).toEqual(KEYBOARD);
    const updates = await takeUpdates();
    const chosen = updates.flatMap((u) => (u.chosen_inline_result ? [u.chosen_inline_result] : []));
    expect(chosen).toEqual([
      { result_id: "plain", from: env.user, query: "ciao" },
      {
        result_id: "keyed",
        from: env.user,
        inline_message_id: keyed.inline_message_id,
        query: "ciao",
      },
    ]);
    await env.client.setInlineFeedback(false);
    await env.client.chooseInlineResult(id, { result_id: "plain", chat_id: env.user.id });
    expect((await takeUpdates()).filter((u) => u.chosen_inline_result !== undefined)).toEqual([]);
  });

  it("makes media results with their caption, and refuses what cannot be picked", async () => {
    const id = await answered("cat", [
      {
        type: "photo",
        id: "p",
        photo_url: "https://example.com/cat.jpg",
        thumbnail_url: "https://example.com/cat-small.jpg",
        caption: "<i>Katze</i>",
        parse_mode: "HTML",
      },
      { type: "article", id: "bare", title: "No content" } as unknown as InlineQueryResult,
    ]);
    const { message } = await env.client.chooseInlineResult(id, {
      result_id: "p",
      chat_id: env.user.id,
    });
    expect(message).toMatchObject({
      caption: "Katze",
      caption_entities: [{ type: "italic", offset: 0, length: 5 }],
    });
    expect(message.photo?.length).toBeGreaterThan(1);
    await expect(
      env.client.chooseInlineResult(id, { result_id: "nope", chat_id: env.user.id }),
    ).rejects.toThrow(/the answer has no result nope/);
    await expect(
      env.client.chooseInlineResult(id, { result_id: "bare", chat_id: env.user.id }),
    ).rejects.toThrow(/not emulated/);
    const group = await env.client.createGroup({ title: "Not mine", member_ids: [] });
    await expect(
      env.client.chooseInlineResult(id, { result_id: "p", chat_id: group.id }),
    ).rejects.toThrow(/not a member/);
    const { inline_query_id } = await env.client.sendInlineQuery({
      from_id: env.user.id,
      query: "",
    });
    await expect(
      env.client.chooseInlineResult(inline_query_id, { result_id: "p", chat_id: env.user.id }),
    ).rejects.toThrow(/has not answered/);
  });
});

describe("editing inline messages", () => {
  it("editMessageText and editMessageReplyMarkup by inline_message_id answer true", async () => {
    const id = await answered("hi", [article("a", "hi", { reply_markup: KEYBOARD })]);
    const { message, inline_message_id } = await env.client.chooseInlineResult(id, {
      result_id: "a",
      chat_id: env.user.id,
    });
    await takeUpdates();
    expect(
      await env.api.editMessageTextInline(inline_message_id, "<b>hi</b> → hallo", {
        parse_mode: "HTML",
        reply_markup: KEYBOARD,
      }),
    ).toBe(true);
    const [shown] = await env.client.chatMessages(env.user.id);
    expect(shown).toMatchObject({
      message_id: message.message_id,
      from: env.user,
      via_bot: { id: message.via_bot?.id },
      text: "hi → hallo",
      entities: [{ type: "bold", offset: 0, length: 2 }],
      reply_markup: KEYBOARD,
    });
    expect(shown?.edit_date).toBeDefined();
    await expect(
      env.api.editMessageTextInline(inline_message_id, "<b>hi</b> → hallo", {
        parse_mode: "HTML",
        reply_markup: KEYBOARD,
      }),
    ).rejects.toMatchObject({
      error_code: 400,
      description: expect.stringMatching(/^Bad Request: message is not modified/) as unknown,
    });
    expect(await env.api.editMessageReplyMarkupInline(inline_message_id)).toBe(true);
    expect((await env.client.chatMessages(env.user.id))[0]).not.toHaveProperty("reply_markup");
    await expect(
      env.api.editMessageCaptionInline(inline_message_id, { caption: "x" }),
    ).rejects.toMatchObject(refusal("there is no caption in the message to edit"));
    // The user cannot edit what they sent via the bot; only the bot can.
    await expect(
      env.client.editMessage({ chat_id: env.user.id, message_id: message.message_id, text: "x" }),
    ).rejects.toThrow(/only its bot edits/);
  });

  it("refuses unknown and malformed ids, and edits of the message by chat and message id", async () => {
    const id = await answered("hi", [article("a", "hi")]);
    const { message } = await env.client.chooseInlineResult(id, {
      result_id: "a",
      chat_id: env.user.id,
    });
    await expect(env.api.editMessageTextInline("A".repeat(32), "x")).rejects.toMatchObject(
      refusal("MESSAGE_ID_INVALID"),
    );
    await expect(env.api.editMessageTextInline("abc", "x")).rejects.toMatchObject(
      refusal("invalid inline message identifier specified"),
    );
    await expect(env.api.raw.editMessageText({ text: "x" })).rejects.toMatchObject(
      refusal("message identifier is not specified"),
    );
    // By chat_id and message_id it is the user's message, which the bot cannot edit.
    await expect(
      env.api.editMessageText(env.user.id, message.message_id, "x"),
    ).rejects.toMatchObject(refusal("message can't be edited"));
  });

  it("a button on an inline message gives a callback_query with inline_message_id", async () => {
    const id = await answered("hi", [article("a", "hi", { reply_markup: KEYBOARD })]);
    const { message, inline_message_id } = await env.client.chooseInlineResult(id, {
      result_id: "a",
      chat_id: env.user.id,
    });
    await takeUpdates();
    const { callback_query_id } = await env.client.pressButton({
      chat_id: env.user.id,
      message_id: message.message_id,
      from_id: env.user.id,
      data: "again",
    });
    const [update] = await takeUpdates();
    expect(update?.callback_query).toEqual({
      id: callback_query_id,
      from: env.user,
      inline_message_id,
      chat_instance: expect.stringMatching(/^-?\d+$/) as unknown,
      data: "again",
    });
    expect(await env.api.answerCallbackQuery(callback_query_id, { text: "ok" })).toBe(true);
    expect(await env.api.editMessageTextInline(inline_message_id, "hi again")).toBe(true);
  });
});
