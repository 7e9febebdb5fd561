// The Bot API methods the emulator implements, looked up case-insensitively as Telegram does.
import { answerCallbackQuery } from "./callback-answer.js";
import { sendChatAction } from "./chat-action.js";
import { getChat, getChatAdministrators, getChatMember } from "./chat-info.js";
import { deleteMyCommands, getMyCommands, setMyCommands } from "./commands.js";
import { deleteMessage } from "./delete-message.js";
import { editMessageCaption, editMessageReplyMarkup, editMessageText } from "./edit-message.js";
import { getMe } from "./get-me.js";
import { getUpdates } from "./get-updates.js";
import { answerInlineQuery } from "./inline-answer.js";
import type { Method } from "./method.js";
import { sendDocument, sendPhoto } from "./send-media.js";
import { sendMessage } from "./send-message.js";
import { deleteWebhook, getWebhookInfo, setWebhook } from "./webhook.js";

const METHODS: Method[] = [
  getMe,
  getUpdates,
  sendMessage,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  sendChatAction,
  answerCallbackQuery,
  answerInlineQuery,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  getChat,
  getChatMember,
  getChatAdministrators,
  sendPhoto,
  sendDocument,
];

const BY_LOWER_NAME = new Map(METHODS.map((method) => [method.name.toLowerCase(), method]));

export function findMethod(name: string): Method | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

export type { Method, MethodContext } from "./method.js";
