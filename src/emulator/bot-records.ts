// What the emulator remembers of a bot's dealings beyond its messages: its privacy mode and inline
// feedback setting, the callback and inline queries users made and the bot's answers, the messages
// users sent through it (inline messages), its last chat action per chat, its command lists and
// the files it uploaded. Lives in BotState as `records`; reset forgets it all.
import type { BotCommand, InlineQueryResult, InlineQueryResultsButton } from "grammy/types";
import { FileStore } from "./files.js";

/** How long Telegram waits for answerCallbackQuery / answerInlineQuery before the query is dead. */
export const QUERY_ANSWER_WINDOW_MS = 15_000;

export interface CallbackAnswer {
  text?: string;
  show_alert: boolean;
  url?: string;
  cache_time?: number;
}

export interface CallbackRecord {
  id: string;
  /** When the button was pressed, in milliseconds. */
  at: number;
  chat_id: number;
  message_id: number;
  from_id: number;
  data: string;
  answer?: CallbackAnswer;
}

export interface InlineAnswer {
  results: InlineQueryResult[];
  cache_time?: number;
  is_personal?: boolean;
  next_offset?: string;
  button?: InlineQueryResultsButton;
}

export interface InlineRecord {
  id: string;
  at: number;
  from_id: number;
  query: string;
  answer?: InlineAnswer;
}

export interface ChatActionRecord {
  chat_id: number;
  action: string;
  at: number;
  /** How many messages the bot had sent when it set the action: a later message ends it. */
  sentBefore: number;
}

/** Where a message sent via the bot (inline mode) is: its inline_message_id leads here. */
export interface InlineMessageRecord {
  chat_id: number;
  message_id: number;
}

export class BotRecords {
  /** Privacy mode, on by default as BotFather sets it. */
  privacy = true;
  /** BotFather's /setinlinefeedback: chosen_inline_result updates (off by default, as there). */
  inlineFeedback = false;
  readonly callbacks = new Map<string, CallbackRecord>();
  readonly inlineQueries = new Map<string, InlineRecord>();
  readonly inlineMessages = new Map<string, InlineMessageRecord>();
  /** The last chat action per chat id. */
  readonly actions = new Map<number, ChatActionRecord>();
  /** Command lists by scope and language code (see methods/commands.ts). */
  readonly commands = new Map<string, BotCommand[]>();
  readonly files = new FileStore();

  clear(): void {
    this.privacy = true;
    this.inlineFeedback = false;
    this.callbacks.clear();
    this.inlineQueries.clear();
    this.inlineMessages.clear();
    this.actions.clear();
    this.commands.clear();
    this.files.clear();
  }
}
