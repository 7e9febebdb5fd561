// How people, chats and messages are named in the list, the header and reply quotes.
import type { Message, User } from "grammy/types";

export function displayName(user: User | undefined): string {
  if (user === undefined) return "Unknown";
  return [user.first_name, user.last_name].filter(Boolean).join(" ");
}

export function initials(name: string): string {
  // The first letter of each word, skipping brackets and digits: "babelgram (local)" is "BL".
  const letters = name
    .split(/\s+/)
    .map((word) => /\p{L}/u.exec(word)?.[0] ?? "")
    .join("");
  return [...letters].slice(0, 2).join("").toUpperCase() || "?";
}

/** One of Telegram's seven name colours, stable per id (styled as .c0 … .c6). */
export function colorClass(id: number): string {
  return `c${Math.abs(id) % 7}`;
}

/** What a message is, in one line: its text's first line, or what kind of message it is. */
export function preview(message: Message): string {
  const body = message.text ?? message.caption;
  const line = body
    ?.split("\n")
    .find((part) => part.trim() !== "")
    ?.trim();
  if (message.photo !== undefined) return line === undefined ? "Photo" : `Photo, ${line}`;
  if (message.video !== undefined) return line === undefined ? "Video" : `Video, ${line}`;
  if (message.document !== undefined) {
    const name = message.document.file_name ?? "Document";
    return line === undefined ? name : `${name}, ${line}`;
  }
  if (message.sticker !== undefined) return `${message.sticker.emoji ?? ""} Sticker`.trim();
  if (line !== undefined) return line;
  if (message.new_chat_members !== undefined) return "joined the group";
  if (message.left_chat_member !== undefined) return "left the group";
  if (message.forum_topic_created !== undefined) {
    return `created the topic «${message.forum_topic_created.name}»`;
  }
  return "Message";
}

export function timeOf(message: Message): string {
  const date = new Date(message.date * 1000);
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
}
