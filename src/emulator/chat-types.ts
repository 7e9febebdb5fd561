// Shapes of the control API's chat interactions (see control-routes.ts): button presses, inline
// queries, forwards, group membership and the web chat's read-only views.
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
