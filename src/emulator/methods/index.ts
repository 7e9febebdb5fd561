// The Bot API methods the emulator implements, looked up case-insensitively as Telegram does.
import { getMe } from "./get-me.js";
import { getUpdates } from "./get-updates.js";
import type { Method } from "./method.js";
import { sendMessage } from "./send-message.js";
import { deleteWebhook, getWebhookInfo, setWebhook } from "./webhook.js";

const METHODS: Method[] = [
  getMe,
  getUpdates,
  sendMessage,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
];

const BY_LOWER_NAME = new Map(METHODS.map((method) => [method.name.toLowerCase(), method]));

export function findMethod(name: string): Method | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

export type { Method, MethodContext } from "./method.js";
