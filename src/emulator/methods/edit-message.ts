// editMessageText, editMessageCaption and editMessageReplyMarkup, on the bot's own messages or,
// by inline_message_id, on messages users sent via the bot. As in Telegram, an edit that leaves out
// reply_markup removes the inline keyboard, an edit that changes nothing is refused, and the answer
// is the edited Message (with edit_date), or true for an inline message.
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import { badRequest } from "../errors.js";
import { inlineKeyboardOf } from "../keyboard.js";
import { hasCaptionedMedia, unixSeconds } from "../messages.js";
import type { Params } from "../params.js";
import { messageToEdit, NOT_MODIFIED, type TargetMessage } from "./message-target.js";
import { defineMethod } from "./method.js";
import { replyMarkupParam } from "./send-message.js";
import { readText } from "./text-input.js";

const MAX_TEXT_LENGTH = 4096;
const MAX_CAPTION_LENGTH = 1024;
/** The media whose caption may be shown above it (show_caption_above_media). */
const ABOVE_MEDIA = ["photo", "video", "animation"] as const;

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

/** What an edit method answers: the edited Message, or true for an inline message. */
const answer = (target: TargetMessage): Message | true =>
  target.inline === true ? true : target.stored.message;

export const editMessageText = defineMethod("editMessageText", ({ state, bot }, params) => {
  // The length is checked below: for edits it is Telegram's server that refuses, in its words.
  const input = readText(state, params, {
    field: "text",
    entitiesField: "entities",
    limit: Number.MAX_SAFE_INTEGER,
  });
  const keyboard = newKeyboard(params);
  const target = messageToEdit(state, bot, params);
  const { stored } = target;
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
  return answer(target);
});

/**
 * The caption of a photo, video or document; no caption removes it. As for editMessageText, the
 * length is Telegram's server's to refuse, in its words.
 */
export const editMessageCaption = defineMethod("editMessageCaption", ({ state, bot }, params) => {
  const input = readText(state, params, {
    field: "caption",
    entitiesField: "caption_entities",
    limit: Number.MAX_SAFE_INTEGER,
    caption: true,
  });
  const keyboard = newKeyboard(params);
  const target = messageToEdit(state, bot, params);
  const { stored } = target;
  const old = stored.message;
  if (!hasCaptionedMedia(old)) throw badRequest("there is no caption in the message to edit");
  if (input.text.length > MAX_CAPTION_LENGTH) throw badRequest("MEDIA_CAPTION_TOO_LONG");
  const caption = input.text === "" ? undefined : input.text;
  const entities =
    caption === undefined || input.entities.length === 0 ? undefined : input.entities;
  const above =
    params.boolean("show_caption_above_media") &&
    ABOVE_MEDIA.some((kind) => old[kind] !== undefined)
      ? true
      : undefined;
  if (
    same(old.caption, caption) &&
    same(old.caption_entities, entities) &&
    same(old.show_caption_above_media, above) &&
    same(old.reply_markup, keyboard)
  ) {
    throw badRequest(NOT_MODIFIED);
  }
  stored.message = applied(
    old,
    {
      caption,
      caption_entities: entities,
      show_caption_above_media: above,
      reply_markup: keyboard,
    },
    state.now(),
  );
  stored.reply_markup = keyboard;
  if (input.parseMode === undefined) delete stored.parse_mode;
  else stored.parse_mode = input.parseMode;
  return answer(target);
});

export const editMessageReplyMarkup = defineMethod(
  "editMessageReplyMarkup",
  ({ state, bot }, params) => {
    const keyboard = newKeyboard(params);
    const target = messageToEdit(state, bot, params);
    const { stored } = target;
    if (same(stored.message.reply_markup, keyboard)) throw badRequest(NOT_MODIFIED);
    stored.message = applied(stored.message, { reply_markup: keyboard }, state.now());
    stored.reply_markup = keyboard;
    return answer(target);
  },
);
