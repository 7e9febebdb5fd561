// Messages as the emulator keeps them (one box per conversation, ids increasing per box) and the
// pieces Telegram puts in a Message: chat views, the one-level reply copy, and the fake photos,
// videos, documents and stickers users send.
import { randomBytes } from "node:crypto";
import type { Chat, Document, Message, PhotoSize, Sticker, User, Video } from "grammy/types";

export interface StoredMessage {
  message: Message;
  sender: "user" | "bot";
  /** What the bot asked for; the message's text and entities are already parsed (formatting/). */
  parse_mode?: string;
  /** Any markup, including reply keyboards, which Telegram does not echo in the Message. */
  reply_markup?: unknown;
  disable_notification?: boolean;
  /** A message a user sent through an inline bot (via_bot): the id that bot edits it by. */
  inline_message_id?: string;
}

/** One conversation's messages: a private chat between a user and a bot, or a group. */
export class MessageBox {
  private nextId = 1;
  private readonly byId = new Map<number, StoredMessage>();

  /** Stores the message `build` makes from the next message_id. */
  add(build: (messageId: number) => StoredMessage): StoredMessage {
    const stored = build(this.nextId++);
    this.byId.set(stored.message.message_id, stored);
    return stored;
  }

  get(messageId: number): StoredMessage | undefined {
    return this.byId.get(messageId);
  }

  /** Every message still there, oldest first (a Map keeps insertion order, ids increase). */
  all(): StoredMessage[] {
    return [...this.byId.values()];
  }

  delete(messageId: number): boolean {
    return this.byId.delete(messageId);
  }
}

/** A user's private chat with a bot, as it appears in `chat` (chat id = user id). */
export function privateChatOf(user: User): Chat.PrivateChat {
  return {
    id: user.id,
    type: "private",
    first_name: user.first_name,
    ...(user.last_name === undefined ? {} : { last_name: user.last_name }),
    ...(user.username === undefined ? {} : { username: user.username }),
  };
}

type ReplyMessage = NonNullable<Message["reply_to_message"]>;

/** The replied-to message as Telegram nests it: without its own reply_to_message. */
export function replyCopy(message: Message): ReplyMessage {
  const copy: Message = { ...message };
  delete copy.reply_to_message;
  return copy as ReplyMessage;
}

/** The media that take a caption, as the Bot API's Message has them. */
const CAPTIONED = ["photo", "video", "document", "animation", "audio", "voice"] as const;

/** Whether the message has media that takes a caption (a sticker does not). */
export function hasCaptionedMedia(message: Message): boolean {
  return CAPTIONED.some((field) => message[field] !== undefined);
}

/** Unix seconds, the only unit of time in the Bot API. */
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

function fakeFile(prefix: string): { file_id: string; file_unique_id: string } {
  return {
    file_id: `${prefix}${randomBytes(42).toString("base64url")}`,
    file_unique_id: `AQAD${randomBytes(9).toString("base64url")}`,
  };
}

/** A photo as Telegram sends it: several sizes of the same picture, smallest first. */
export function fakePhoto(): PhotoSize[] {
  const id = fakeFile("AgACAgIAAxkBAAI");
  return [
    [90, 68, 1_412],
    [320, 240, 18_210],
    [800, 600, 71_034],
  ].map(([width = 0, height = 0, size = 0], index) => ({
    file_id: `${id.file_id}${index}`,
    file_unique_id: `${id.file_unique_id}${index}`,
    width,
    height,
    file_size: size,
  }));
}

export function fakeSticker(): Sticker {
  return {
    ...fakeFile("CAACAgIAAxkBAAI"),
    type: "regular",
    width: 512,
    height: 512,
    is_animated: false,
    is_video: false,
    emoji: "😀",
    set_name: "babelgram_emulator",
    file_size: 23_480,
  };
}

/** A user's video: Telegram's file_ids of videos start with "BAAC". */
export function fakeVideo(): Video {
  return {
    ...fakeFile("BAACAgIAAxkBAAI"),
    width: 1280,
    height: 720,
    duration: 12,
    mime_type: "video/mp4",
    file_size: 1_482_113,
  };
}

/** A user's document: Telegram's file_ids of documents start with "BQAC". */
export function fakeDocument(): Document {
  return {
    ...fakeFile("BQACAgIAAxkBAAI"),
    file_name: "document.pdf",
    mime_type: "application/pdf",
    file_size: 48_213,
  };
}
