// Shapes of the control API's chat interactions (see control-routes.ts): button presses, inline
// queries and chosen results, forum topics, forwards, group membership, the command menu and the
// web chat's read-only views.
import type { Chat, ChatMember, Message } from "grammy/types";

export type { CallbackAnswer, InlineAnswer } from "./bot-records.js";

/** A user presses the inline button carrying `data` under a bot message. */
export interface ButtonPress {
  chat_id: number;
  message_id: number;
  from_id: number;
  data: string;
}

/** A user types "@bot query" somewhere; chat_type says where ("sender" = the bot's own chat). */
export interface InlineQueryRequest {
  from_id: number;
  query: string;
  chat_type?: "sender" | "private" | "group" | "supergroup" | "channel";
  offset?: string;
}

/** The user who made inline query `:id` picks result `result_id` and sends it into `chat_id`. */
export interface InlineChoice {
  result_id: string;
  /** One of the user's chats: their chat with the bot (their own id) or a group they are in. */
  chat_id: number;
}

export interface InlineChoiceResult {
  /** The message the user sent, with via_bot set to the bot. */
  message: Message;
  /** What the bot edits it by (editMessageText and the like with inline_message_id). */
  inline_message_id: string;
}

/** A member opens a topic in a forum supergroup. */
export interface NewTopic {
  from_id: number;
  /** 1 to 128 characters. */
  name: string;
  /** One of Telegram's six icon colours (default 7322096, blue); see topics.ts. */
  icon_color?: number;
  icon_custom_emoji_id?: string;
}

/** Whose command menu in which chat: see GET /_control/commands. */
export interface MenuQuery {
  user_id: number;
  /** Default: the user's private chat with the bot. */
  chat_id?: number;
  /** Default: the user's language_code. */
  language_code?: string;
}

/** A user forwards message `message_id` of chat `chat_id` into `to_chat_id`. */
export interface ForwardRequest {
  chat_id: number;
  from_id: number;
  message_id: number;
  to_chat_id: number;
}

export type MemberAction = "join" | "leave" | "promote" | "demote";

/** `user_id` may be a bot's id; `from_id` is who did it (default: see membership.ts). */
export interface MemberChange {
  user_id: number;
  action: MemberAction;
  from_id?: number;
}

export interface MemberChangeResult {
  /** The member as getChatMember now describes them. */
  chat_member: ChatMember;
  /** The service message, for join and leave. */
  message?: Message;
}

/** One entry of the web chat's chat list. */
export interface ChatListEntry {
  id: number;
  type: Chat["type"];
  /** A group's title; for a private chat, the bot's name as the user sees it. */
  title: string;
  username?: string;
}

export interface ChatActionView {
  chat_id: number;
  action: string;
  /** When the bot sent it, in Unix seconds. */
  date: number;
  /** Still shown: less than 5 s old and no bot message in the chat since. */
  active: boolean;
}
