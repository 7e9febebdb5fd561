// sendMessage: checks text, chat and reply target as Telegram does, stores the message in the
// chat's box and answers with the Message. Like Telegram, surrounding whitespace is stripped.
// parse_mode is stored, and the markup kept in the text until a later issue parses it into entities.
import type { InlineKeyboardMarkup, Message, MessageEntity } from "grammy/types";
import { detectEntities, trimText } from "../entities.js";
import { badRequest } from "../errors.js";
import { replyCopy, unixSeconds, type StoredMessage } from "../messages.js";
import { isObject, type Params } from "../params.js";
import type { ChatView } from "../state.js";
import { chatIdParam, resolveChat } from "./chat.js";
import { defineMethod } from "./method.js";

const MAX_TEXT_LENGTH = 4096;
const PARSE_MODES = ["html", "markdown", "markdownv2"];

export function parseModeParam(params: Params): string | undefined {
  const mode = params.string("parse_mode");
  if (mode !== undefined && !PARSE_MODES.includes(mode.toLowerCase())) {
    throw badRequest("unsupported parse_mode");
  }
  return mode;
}

export function entitiesParam(params: Params, name = "entities"): MessageEntity[] | undefined {
  const value = params.json(name, "entities");
  if (value === undefined) return undefined;
  const valid =
    Array.isArray(value) &&
    value.every(
      (item) =>
        isObject(item) &&
        typeof item.type === "string" &&
        Number.isInteger(item.offset) &&
        Number.isInteger(item.length),
    );
  if (!valid) throw badRequest("can't parse entities JSON object");
  return value as MessageEntity[];
}

export function replyMarkupParam(params: Params): Record<string, unknown> | undefined {
  const value = params.json("reply_markup", "reply keyboard markup");
  if (value === undefined) return undefined;
  if (!isObject(value)) throw badRequest("can't parse reply keyboard markup JSON object");
  return value;
}

/** The message replied to, from reply_parameters or the legacy reply_to_message_id. */
export function replyTarget(params: Params, view: ChatView): StoredMessage | undefined {
  const parameters = params.json("reply_parameters", "reply parameters");
  let messageId: number | undefined;
  let allowWithout = params.boolean("allow_sending_without_reply");
  let sameChat = true;
  if (parameters !== undefined) {
    if (!isObject(parameters)) throw badRequest("can't parse reply parameters JSON object");
    messageId = typeof parameters.message_id === "number" ? parameters.message_id : undefined;
    allowWithout = parameters.allow_sending_without_reply === true;
    // Replies to another chat are not emulated yet: such a target is never found.
    const chatId = parameters.chat_id;
    sameChat =
      chatId === undefined ||
      ((typeof chatId === "number" || typeof chatId === "string") &&
        String(chatId) === String(view.chat.id));
  } else {
    messageId = params.integer("reply_to_message_id");
  }
  if (messageId === undefined) return undefined;
  const target = sameChat ? view.box.get(messageId) : undefined;
  if (target === undefined && !allowWithout) throw badRequest("message to be replied not found");
  return target;
}

export const sendMessage = defineMethod("sendMessage", ({ state, bot }, params): Message => {
  const chatId = chatIdParam(params);
  const parseMode = parseModeParam(params);
  const { text, entities: given } = trimText(
    params.string("text") ?? "",
    parseMode === undefined ? entitiesParam(params) : undefined,
  );
  if (text === "") throw badRequest("message text is empty");
  const markup = replyMarkupParam(params);
  const view = resolveChat(state, bot, chatId);
  if (text.length > MAX_TEXT_LENGTH) throw badRequest("message is too long");
  const reply = replyTarget(params, view);
  const threadId = params.integer("message_thread_id");
  const entities = detectEntities(text, given);
  const inline = Array.isArray(markup?.inline_keyboard)
    ? (markup as unknown as InlineKeyboardMarkup)
    : undefined;

  const stored = view.box.add((messageId): StoredMessage => ({
    message: {
      message_id: messageId,
      ...(threadId !== undefined && view.chat.type === "supergroup"
        ? { message_thread_id: threadId }
        : {}),
      from: bot.user,
      chat: view.chat,
      date: unixSeconds(state.now()),
      ...(reply === undefined ? {} : { reply_to_message: replyCopy(reply.message) }),
      text,
      ...(entities.length === 0 ? {} : { entities }),
      ...(inline === undefined ? {} : { reply_markup: inline }),
    },
    sender: "bot",
    ...(parseMode === undefined ? {} : { parse_mode: parseMode }),
    ...(markup === undefined ? {} : { reply_markup: markup }),
    ...(params.boolean("disable_notification") ? { disable_notification: true } : {}),
  }));
  state.recordBotMessage(bot, stored);
  return stored.message;
});
