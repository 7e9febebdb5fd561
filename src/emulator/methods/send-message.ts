// sendMessage: checks text, chat, reply target and forum topic as Telegram does, stores the
// message in the chat's box and answers with the Message. Text and entities come from formatting/:
// parse_mode markup or given entities, Telegram's clean-up (whitespace, control characters) and
// detected ones.
import type { Message, MessageEntity } from "grammy/types";
import { badRequest } from "../errors.js";
import { formatMessageText, hasParseMode } from "../formatting/index.js";
import { inlineKeyboardOf } from "../keyboard.js";
import { unixSeconds, type StoredMessage } from "../messages.js";
import { isObject, type Params } from "../params.js";
import type { ChatView } from "../state.js";
import { placement } from "../threads.js";
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

/**
 * The reply target and forum topic of a new message: reply_parameters (or reply_to_message_id),
 * then message_thread_id, checked in that order as Telegram's Bot API server checks them.
 */
export function threadPlacement(params: Params, view: ChatView) {
  const reply = replyTarget(params, view);
  return placement(view, params.integer("message_thread_id"), reply, badRequest);
}

export const sendMessage = defineMethod("sendMessage", ({ state, bot }, params): Message => {
  const chatId = chatIdParam(params);
  const parseMode = params.string("parse_mode");
  const { text, entities } = formatMessageText({
    text: params.string("text") ?? "",
    parseMode,
    entities: hasParseMode(parseMode) ? undefined : entitiesParam(params),
    limit: MAX_TEXT_LENGTH,
    findUser: (id) => state.users.get(id) ?? state.bots.find((b) => b.id === id)?.user,
  });
  const markup = replyMarkupParam(params);
  const view = resolveChat(state, bot, chatId);
  const place = threadPlacement(params, view);
  const inline = inlineKeyboardOf(markup);

  const stored = view.box.add((messageId): StoredMessage => ({
    message: {
      message_id: messageId,
      from: bot.user,
      chat: view.chat,
      date: unixSeconds(state.now()),
      ...place,
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
