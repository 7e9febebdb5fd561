// Read-only views for the web chat (control API): the chats a user is in, a chat's messages as
// its members see them now (edits applied, deleted ones gone), and the bot's chat action there.
import type { Message } from "grammy/types";
import type { BotState } from "./bot-state.js";
import type { ChatActionView, ChatListEntry } from "./chat-types.js";
import { ControlError } from "./errors.js";
import { chatById } from "./incoming.js";
import { unixSeconds } from "./messages.js";
import type { EmulatorState } from "./state.js";

/** Telegram shows a chat action for 5 seconds, or until the bot's next message there. */
const ACTION_SHOWN_MS = 5_000;

/** The user's private chat with the bot, then the groups they are in; everyone's without a user. */
export function chatList(state: EmulatorState, bot: BotState, userId?: number): ChatListEntry[] {
  if (userId !== undefined && !state.users.has(userId)) {
    throw new ControlError(400, `user_id: no user with id ${userId}`);
  }
  const users = userId === undefined ? [...state.users.keys()] : [userId];
  const privateChats = users.map((id): ChatListEntry => ({
    id,
    type: "private",
    title: bot.user.first_name,
    ...(bot.user.username === undefined ? {} : { username: bot.user.username }),
  }));
  const groups = [...state.groups.values()]
    .filter((group) => userId === undefined || group.memberIds.has(userId))
    .map(({ chat }): ChatListEntry => ({
      id: chat.id,
      type: chat.type,
      title: chat.title,
      ...(chat.type === "supergroup" && chat.username !== undefined
        ? { username: chat.username }
        : {}),
    }));
  return [...privateChats, ...groups];
}

export function chatMessages(state: EmulatorState, bot: BotState, chatId: number): Message[] {
  return chatById(state, bot, chatId)
    .box.all()
    .map((stored) => stored.message);
}

export function chatAction(
  state: EmulatorState,
  bot: BotState,
  chatId: number,
): ChatActionView | null {
  const record = bot.records.actions.get(chatId);
  if (record === undefined) return null;
  const spokeSince = bot.sent
    .slice(record.sentBefore)
    .some((stored) => stored.message.chat.id === chatId);
  return {
    chat_id: chatId,
    action: record.action,
    date: unixSeconds(record.at),
    active: !spokeSince && state.now() - record.at < ACTION_SHOWN_MS,
  };
}
