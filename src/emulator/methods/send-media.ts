// sendPhoto and sendDocument: a file (upload, URL or file_id; see files.ts) with an optional
// caption of up to 1024 characters, stored and answered like sendMessage's messages (replies and
// forum topics included).
import type { Message } from "grammy/types";
import type { BotState } from "../bot-state.js";
import { inlineKeyboardOf } from "../keyboard.js";
import { unixSeconds, type StoredMessage } from "../messages.js";
import type { Params } from "../params.js";
import type { EmulatorState } from "../state.js";
import { chatIdParam, resolveChat } from "./chat.js";
import { documentParam, photoParam } from "./files.js";
import { defineMethod } from "./method.js";
import { replyMarkupParam, threadPlacement } from "./send-message.js";
import { readText } from "./text-input.js";

const MAX_CAPTION_LENGTH = 1024;

function sendMedia(
  state: EmulatorState,
  bot: BotState,
  params: Params,
  media: (bot: BotState, params: Params) => Partial<Message>,
): Message {
  const chatId = chatIdParam(params);
  const body = media(bot, params);
  const caption = readText(state, params, {
    field: "caption",
    entitiesField: "caption_entities",
    limit: MAX_CAPTION_LENGTH,
    caption: true,
  });
  const markup = replyMarkupParam(params);
  const keyboard = inlineKeyboardOf(markup);
  const view = resolveChat(state, bot, chatId);
  const place = threadPlacement(params, view);
  const stored = view.box.add((messageId): StoredMessage => ({
    message: {
      message_id: messageId,
      from: bot.user,
      chat: view.chat,
      date: unixSeconds(state.now()),
      ...place,
      ...body,
      ...(caption.text === "" ? {} : { caption: caption.text }),
      ...(caption.text === "" || caption.entities.length === 0
        ? {}
        : { caption_entities: caption.entities }),
      ...(params.boolean("show_caption_above_media") ? { show_caption_above_media: true } : {}),
      ...(keyboard === undefined ? {} : { reply_markup: keyboard }),
    },
    sender: "bot",
    ...(caption.parseMode === undefined ? {} : { parse_mode: caption.parseMode }),
    ...(markup === undefined ? {} : { reply_markup: markup }),
    ...(params.boolean("disable_notification") ? { disable_notification: true } : {}),
  }));
  state.recordBotMessage(bot, stored);
  return stored.message;
}

export const sendPhoto = defineMethod("sendPhoto", ({ state, bot }, params) =>
  sendMedia(state, bot, params, (owner, given) => ({
    photo: photoParam(owner, given),
    ...(given.boolean("has_spoiler") ? { has_media_spoiler: true } : {}),
  })),
);

export const sendDocument = defineMethod("sendDocument", ({ state, bot }, params) =>
  sendMedia(state, bot, params, (owner, given) => ({ document: documentParam(owner, given) })),
);
