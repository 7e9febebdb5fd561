// Inline keyboards as Telegram checks them when a bot sends one, and the button lookup a press
// needs. Telegram echoes an inline keyboard in the Message it answers with; other markup (reply
// keyboards, remove_keyboard, force_reply) it does not.
import type { InlineKeyboardButton, InlineKeyboardMarkup, Message } from "grammy/types";
import { badRequest } from "./errors.js";
import { isObject } from "./params.js";

/** A button must do one of these; one with only a text is refused. */
const ACTIONS = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
] as const;

/** Telegram's limit on callback_data, in bytes. */
const MAX_CALLBACK_DATA_BYTES = 64;

function buttonError(what: string) {
  return badRequest(`can't parse inline keyboard button: ${what}`);
}

function checkButton(button: unknown): void {
  if (!isObject(button)) throw buttonError("InlineKeyboardButton must be an Object");
  if (button.text === undefined) throw buttonError(`Can't find field "text"`);
  if (typeof button.text !== "string") throw buttonError(`Field "text" must be of type String`);
  // An empty url or callback_data counts as absent, as in Telegram; an empty switch query does not.
  const acts = ACTIONS.some((field) => {
    const value = button[field];
    if (value === undefined || value === null) return false;
    return !((field === "url" || field === "callback_data") && value === "");
  });
  if (!acts) throw buttonError("Text buttons are unallowed in the inline keyboard");
  const data = button.callback_data;
  if (typeof data === "string" && Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) {
    throw badRequest("BUTTON_DATA_INVALID");
  }
}

/** The inline keyboard of a reply_markup, checked; undefined for no markup or another kind. */
export function inlineKeyboardOf(
  markup: Record<string, unknown> | undefined,
): InlineKeyboardMarkup | undefined {
  const rows = markup?.inline_keyboard;
  if (rows === undefined) return undefined;
  if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row))) {
    throw badRequest(`field "inline_keyboard" must be of type Array`);
  }
  for (const row of rows as unknown[][]) for (const button of row) checkButton(button);
  return markup as unknown as InlineKeyboardMarkup;
}

/** The callback button of `message` that carries `data`, if there is one. */
export function callbackButton(message: Message, data: string): InlineKeyboardButton | undefined {
  const rows = message.reply_markup?.inline_keyboard ?? [];
  return rows.flat().find((button) => "callback_data" in button && button.callback_data === data);
}
