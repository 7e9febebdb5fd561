// Inline buttons and inline mode, round trip: the control API plays the user (pressing a button,
// typing an inline query), grammY plays the bot (getUpdates, answerCallbackQuery,
// answerInlineQuery), and the control API reads the answers back.
import { InlineKeyboard } from "grammy";
import type { InlineQueryResult } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { useEmulator } from "./test-emulator.js";

let clock = Date.now();
beforeEach(() => {
  clock = Date.now();
});
const env = useEmulator({ now: () => clock, user: { first_name: "Presser", username: "presser" } });

const TOO_OLD = {
  error_code: 400,
  description: "Bad Request: query is too old and response timeout expired or query ID is invalid",
};

/** The next updates, confirming them. */
async function takeUpdates() {
  const updates = await env.api.getUpdates();
  const last = updates.at(-1);
  if (last !== undefined) await env.api.getUpdates({ offset: last.update_id + 1 });
  return updates;
}

describe("callback buttons", () => {
  it("round trip: keyboard, press, callback_query, answer, answer read back", async () => {
    const menu = await env.api.sendMessage(env.user.id, "Pick one", {
      reply_markup: new InlineKeyboard().text("English", "lang:en").text("Deutsch", "lang:de"),
    });
    const { callback_query_id } = await env.client.pressButton({
      chat_id: env.user.id,
      message_id: menu.message_id,
      from_id: env.user.id,
      data: "lang:de",
    });
    const [update] = await takeUpdates();
    const query = update?.callback_query;
    expect(query).toMatchObject({
      id: callback_query_id,
      from: { id: env.user.id, username: "presser" },
      message: { message_id: menu.message_id, text: "Pick one" },
      data: "lang:de",
    });
    expect(query?.id).toMatch(/^\d+$/);
    expect(query?.chat_instance).toMatch(/^-?\d+$/);
    expect(await env.client.callbackAnswer(callback_query_id)).toBeNull();

    expect(
      await env.api.answerCallbackQuery(callback_query_id, { text: "Deutsch!", show_alert: true }),
    ).toBe(true);
    expect(await env.client.callbackAnswer(callback_query_id)).toEqual({
      text: "Deutsch!",
      show_alert: true,
    });
    await expect(env.api.answerCallbackQuery(callback_query_id)).rejects.toMatchObject(TOO_OLD);

    // A second press of the same chat has the same chat_instance and shows the edited message.
    await env.api.editMessageText(env.user.id, menu.message_id, "Deutsch it is", {
      reply_markup: new InlineKeyboard().text("Back", "back"),
    });
    await env.client.pressButton({
      chat_id: env.user.id,
      message_id: menu.message_id,
      from_id: env.user.id,
      data: "back",
    });
    const [again] = await takeUpdates();
    expect(again?.callback_query?.chat_instance).toBe(query?.chat_instance);
    expect(again?.callback_query?.message).toMatchObject({ text: "Deutsch it is" });
  });

  it("refuses presses of buttons that are not there, and answers that come too late", async () => {
    const menu = await env.api.sendMessage(env.user.id, "Menu", {
      reply_markup: new InlineKeyboard().text("A", "a").url("Site", "https://example.com"),
    });
    const press = { chat_id: env.user.id, message_id: menu.message_id, from_id: env.user.id };
    await expect(env.client.pressButton({ ...press, data: "b" })).rejects.toThrow(/no button/);
    await expect(env.client.pressButton({ ...press, message_id: 99, data: "a" })).rejects.toThrow(
      /no message 99/,
    );
    const theirs = await env.client.sendMessage({
      chat_id: env.user.id,
      from_id: env.user.id,
      text: "hi",
    });
    await expect(
      env.client.pressButton({ ...press, message_id: theirs.message_id, data: "a" }),
    ).rejects.toThrow(/not from this bot/);
    await expect(env.client.callbackAnswer("123")).rejects.toThrow(/no callback query/);

    const { callback_query_id } = await env.client.pressButton({ ...press, data: "a" });
    clock += 16_000;
    await expect(env.api.answerCallbackQuery(callback_query_id)).rejects.toMatchObject(TOO_OLD);
    await expect(env.api.answerCallbackQuery("42")).rejects.toMatchObject(TOO_OLD);
  });
});

describe("inline queries", () => {
  const article = (id: string): InlineQueryResult => ({
    type: "article",
    id,
    title: `Result ${id}`,
    input_message_content: { message_text: `text ${id}` },
  });

  it("round trip: inline_query update, answerInlineQuery, results read back", async () => {
    const { inline_query_id } = await env.client.sendInlineQuery({
      from_id: env.user.id,
      query: "hello",
      chat_type: "private",
    });
    const [update] = await takeUpdates();
    expect(update?.inline_query).toEqual({
      id: inline_query_id,
      from: expect.objectContaining({ id: env.user.id }) as unknown,
      query: "hello",
      offset: "",
      chat_type: "private",
    });
    expect(await env.client.inlineAnswer(inline_query_id)).toBeNull();
    const results = [article("1"), article("2")];
    expect(
      await env.api.answerInlineQuery(inline_query_id, results, {
        cache_time: 0,
        next_offset: "2",
      }),
    ).toBe(true);
    expect(await env.client.inlineAnswer(inline_query_id)).toEqual({
      results,
      cache_time: 0,
      next_offset: "2",
    });
    await expect(env.api.answerInlineQuery(inline_query_id, [])).rejects.toMatchObject(TOO_OLD);
  });

  it("checks the results' shape: an array of at most 50, each with a type and a unique id", async () => {
    const { inline_query_id: id } = await env.client.sendInlineQuery({
      from_id: env.user.id,
      query: "",
    });
    const answer = (results: unknown) =>
      env.api.raw.answerInlineQuery({
        inline_query_id: id,
        results: results as InlineQueryResult[],
      });
    const refusal = (what: string) => ({ error_code: 400, description: `Bad Request: ${what}` });
    await expect(answer({})).rejects.toMatchObject(
      refusal("expected an Array of InlineQueryResult"),
    );
    await expect(answer([{ id: "1" }])).rejects.toMatchObject(
      refusal(`can't parse inline query result: Can't find field "type"`),
    );
    await expect(answer([{ type: "article" }])).rejects.toMatchObject(
      refusal(`can't parse inline query result: Can't find field "id"`),
    );
    await expect(answer([article("1"), article("1")])).rejects.toMatchObject(
      refusal("RESULT_ID_DUPLICATE"),
    );
    const many = Array.from({ length: 51 }, (_, index) => article(String(index)));
    await expect(answer(many)).rejects.toMatchObject(refusal("RESULTS_TOO_MUCH"));
    await expect(answer(many.slice(0, 50))).resolves.toBe(true);
    await expect(env.client.sendInlineQuery({ from_id: 4242, query: "x" })).rejects.toThrow(
      /no user/,
    );
  });
});
