// What the bot never translates unasked, so that it is not noise in a chat: commands, messages
// without letters, its own translations (also when forwarded or sent through its inline mode), other
// bots, and in groups one- or two-word messages whose language the offline detector is unsure of.
import type { Message, MessageEntity, UserFromGetMe } from "grammy/types";
import {
  CONFIDENT_DETECTION,
  detectLanguage,
  letterContent,
  type Detection,
} from "../translate/detect.js";

/** A message's text or caption with its entities; undefined for media without a caption. */
export function textOf(message: Message): { text: string; entities: MessageEntity[] } | undefined {
  if (message.text !== undefined) return { text: message.text, entities: message.entities ?? [] };
  if (message.caption !== undefined) {
    return { text: message.caption, entities: message.caption_entities ?? [] };
  }
  return undefined;
}

const detections = new WeakMap<Message, Detection>();

/**
 * The language of a message's text or caption, detected once per message object: in a group the
 * mode's check and the translation both ask for it.
 */
export function languageOf(message: Message): Detection {
  const known = detections.get(message);
  if (known !== undefined) return known;
  const detection = detectLanguage(textOf(message)?.text ?? "");
  detections.set(message, detection);
  return detection;
}

export function isCommand(message: Message): boolean {
  const entities = message.entities ?? message.caption_entities ?? [];
  return (
    entities.some((entity) => entity.type === "bot_command" && entity.offset === 0) ||
    (message.text ?? "").startsWith("/")
  );
}

/** Said by a bot, or the bot's own words come back: forwarded, or sent through its inline mode. */
export function isFromBots(message: Message, me: Pick<UserFromGetMe, "id">): boolean {
  if (message.from?.is_bot === true) return true;
  if (message.via_bot?.id === me.id) return true;
  const origin = message.forward_origin;
  return origin?.type === "user" && origin.sender_user.id === me.id;
}

/** Whether the message mentions the bot (@username, or a text mention of it). */
export function mentionsBot(message: Message, me: Pick<UserFromGetMe, "id" | "username">): boolean {
  const content = textOf(message);
  if (content === undefined) return false;
  const name = `@${me.username}`.toLowerCase();
  return content.entities.some(
    (entity) =>
      (entity.type === "mention" &&
        content.text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === name) ||
      (entity.type === "text_mention" && entity.user.id === me.id),
  );
}

/** Words with letters, as far as spaces tell (a Japanese sentence is one "word": it is never unsure). */
export function wordCount(text: string): number {
  const letters = letterContent(text);
  return letters === "" ? 0 : letters.split(/\s+/).length;
}

/** One or two words whose language the detector is unsure of: in a group, left alone. */
export function tooShortToTell(text: string, detection: Detection): boolean {
  return wordCount(text) <= 2 && detection.confidence < CONFIDENT_DETECTION;
}
