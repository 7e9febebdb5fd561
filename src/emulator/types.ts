// The emulator's public types: how to start it, what it hands back, and the shapes the control API
// answers with. Shared by the server and by client.ts (which imports types only).
import type { Chat, Message, MessageEntity, User } from "grammy/types";

/** One bot the emulator serves; its id is the number before the token's colon. */
export interface BotConfig {
  token: string;
  username: string;
  first_name: string;
}

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Default: one bot, {@link DEFAULT_BOT}. */
  bots?: BotConfig[];
  /** The clock, in milliseconds (default `Date.now`); lets tests age updates past 24 hours. */
  now?: () => number;
  /** How long a webhook delivery waits for the answer, in ms (default 60 000, as Telegram). */
  webhookTimeoutMs?: number;
  /** A failed delivery is retried at once, then after 2, 4, 8 … times this (default 1000 ms). */
  webhookRetryBaseMs?: number;
  /** The retry delay stops doubling at a random value from this to twice this (default 60 000). */
  webhookRetryCapMs?: number;
  /** Telegram's flood limits on sending (default off); see POST /_control/limits. */
  floodLimits?: boolean;
  /**
   * Multiplies the flood limits' windows (default 1): at 0.05 the group minute lasts 3 s and the
   * chat and bot seconds 50 ms, so tests push through minutes of limits in seconds.
   */
  floodTimeScale?: number;
}

export interface Emulator {
  /** The apiRoot for Bot API clients and the base of the control API, e.g. http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** The token of the first bot, which the control API uses when no token is given. */
  defaultToken: string;
  /** Ends pending long polls and waits, drops every connection and frees the port. */
  close(): Promise<void>;
}

export const DEFAULT_BOT: BotConfig = {
  token: "100000001:babelgram-local-emulator-token",
  username: "babelgram_local_bot",
  first_name: "babelgram (local)",
};

/** One Bot API call, as the call log keeps it (in the order the calls were answered). */
export interface CallRecord {
  /** Canonical spelling, e.g. "getUpdates", whatever case the caller used. */
  method: string;
  /** The parameters as received: JSON values typed, form and query values as strings. */
  params: Record<string, unknown>;
  /** When the call arrived, in milliseconds. */
  at: number;
  ok: boolean;
  error_code?: number;
  description?: string;
  /** getUpdates only: the ids it returned. */
  update_ids?: number[];
  /** The connection was destroyed without an answer (a `drop` fault). */
  dropped?: true;
  /** The call came in a webhook's answer (a webhook reply), not over HTTP. */
  webhook_reply?: true;
}

export interface BotStateView {
  pending_update_count: number;
  next_update_id: number;
  /** "" when no webhook is set. */
  webhook_url: string;
  /** True while a getUpdates long poll is waiting. */
  long_polling: boolean;
}

export interface NewUser {
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
}

export interface NewGroup {
  title: string;
  member_ids: number[];
  /** Default "group". */
  type?: "group" | "supergroup";
  /** Supergroups only: lets the bot address it as "@username". */
  username?: string;
  /** Supergroups only: a forum, with topics (see POST /_control/groups/:chat_id/topics). */
  is_forum?: boolean;
}

export type GroupChat = Chat.GroupChat | Chat.SupergroupChat;

/**
 * A message a user sends: text (with entities), or a photo, video or document (with an optional
 * caption and caption_entities), or a sticker.
 */
export interface UserMessage {
  chat_id: number;
  from_id: number;
  text?: string;
  caption?: string;
  photo?: boolean;
  video?: boolean;
  document?: boolean;
  sticker?: boolean;
  entities?: MessageEntity[];
  caption_entities?: MessageEntity[];
  reply_to_message_id?: number;
  /** A forum topic of the chat; a reply goes to the replied message's topic without it. */
  message_thread_id?: number;
}

/** A user edits their text (text, entities) or their caption (caption, caption_entities). */
export interface UserEdit {
  chat_id: number;
  message_id: number;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
}

export interface InjectedUpdate {
  /** A raw update; `update_id` is assigned when missing. */
  update: Record<string, unknown>;
}

/** `queued: false` when the bot's allowed_updates leaves this kind of update out. */
export type InjectResult = { queued: true; update_id: number } | { queued: false };

export interface WaitRequest {
  chat_id?: number;
  count: number;
  /** Default 10 000. */
  timeout_ms?: number;
}

/** The next `count` calls of `method` fail with a Telegram error, or lose their connection. */
export type FaultRequest = (
  | {
      method: string;
      count?: number;
      error_code: number;
      description?: string;
      retry_after?: number;
    }
  | { method: string; count?: number; drop: true }
  /** Answers normally, but only after `delay_ms`. */
  | { method: string; count?: number; delay_ms: number }
) & {
  /** The fault holds this long from now: for every call in that time unless `count` is given. */
  duration_ms?: number;
};

/** GET /_control/limits: whether flood limits are on, and what one bot's sending looked like. */
export interface FloodLimitsView {
  enabled: boolean;
  /** The windows' scale: 1 is Telegram's (see EmulatorOptions.floodTimeScale). */
  time_scale: number;
  /** Sends refused with 429 because of a limit. */
  violations: number;
  /** The same, by the limit broken (one refusal may break several). */
  violations_by_limit: { chat: number; group: number; global: number };
  /** The most successful sends into one chat within any second, and within any minute. */
  max_per_chat_per_second: number;
  max_per_chat_per_minute: number;
  /** The same as the minute figure, for groups and supergroups only. */
  max_per_group_per_minute: number;
  /** The most successful sends within any second, all chats together. */
  max_per_second: number;
}

export type { Chat, Message, User };
