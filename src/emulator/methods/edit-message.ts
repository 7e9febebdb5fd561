// editMessageText and editMessageReplyMarkup on the bot's own messages. As in Telegram, an edit
// that leaves out reply_markup removes the inline keyboard, an edit that changes nothing is refused,
// and the edited Message (with edit_date) is the answer.
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import { badRequest } from "../errors.js";
import { inlineKeyboardOf } from "../keyboard.js";
import { unixSeconds } from "../messages.js";
import type { Params } from "../params.js";
import { messageToEdit, NOT_MODIFIED } from "./message-target.js";
import { defineMethod } from "./method.js";
import { replyMarkupParam } from "./send-message.js";
import { readText } from "./text-input.js";

const MAX_TEXT_LENGTH = 4096;

/** The new inline keyboard, or undefined to remove it; other kinds of markup are refused. */
function newKeyboard(params: Params): InlineKeyboardMarkup | undefined {
  const markup = replyMarkupParam(params);
  const keyboard = inlineKeyboardOf(markup);
  if (markup !== undefined && keyboard === undefined) throw badRequest("inline keyboard expected");
  return keyboard;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** `message` with `changes` applied; a field set to undefined is removed. */
function applied(message: Message, changes: Partial<Message>, now: number): Message {
  const edited: Record<string, unknown> = { ...message, ...changes, edit_date: unixSeconds(now) };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete edited[key];
  return edited as unknown as Message;
}

export const editMessageText = defineMethod("editMessageText", ({ state, bot }, params) => {
  // The length is checked below: for edits it is Telegram's server that refuses, in its words.
  const input = readText(state, params, {
    field: "text",
    entitiesField: "entities",
    limit: Number.MAX_SAFE_INTEGER,
  });
  const keyboard = newKeyboard(params);
  const { stored } = messageToEdit(state, bot, params);
  const old = stored.message;
  if (old.text === undefined) throw badRequest("there is no text in the message to edit");
  if (input.text.length > MAX_TEXT_LENGTH) throw badRequest("MESSAGE_TOO_LONG");
  const entities = input.entities.length === 0 ? undefined : input.entities;
  if (old.text === input.text && same(old.entities, entities) && same(old.reply_markup, keyboard)) {
    throw badRequest(NOT_MODIFIED);
  }
  stored.message = applied(
    old,
    { text: input.text, entities, reply_markup: keyboard },
    state.now(),
  );
  stored.reply_markup = keyboard;
  if (input.parseMode === undefined) delete stored.parse_mode;
  else stored.parse_mode = input.parseMode;
  return stored.message;
});

export const editMessageReplyMarkup = defineMethod(
  "editMessageReplyMarkup",
  ({ state, bot }, params) => {
    const keyboard = newKeyboard(params);
    const { stored } = messageToEdit(state, bot, params);
    if (same(stored.message.reply_markup, keyboard)) throw badRequest(NOT_MODIFIED);
    stored.message = applied(stored.message, { reply_markup: keyboard }, state.now());
    stored.reply_markup = keyboard;
    return stored.message;
  },
);
