// How tdlib classifies and orders entities. Telegram answers with entities in tdlib's order (offset,
// then longer first, then a per-type priority), and the classes decide what may nest in what.
import type { MessageEntity, User } from "grammy/types";
import { badRequest, type BotApiError } from "../errors.js";

type EntityType = MessageEntity["type"];

/** A parse failure: Telegram prefixes tdlib's message with "can't parse entities: ". */
export function cantParse(message: string): BotApiError {
  return badRequest(`can't parse entities: ${message}`);
}

/** tdlib's MessageEntity::get_type_priority; a pre with a language is tdlib's PreCode. */
function priority(entity: MessageEntity): number {
  switch (entity.type) {
    case "blockquote":
    case "expandable_blockquote":
      return 0;
    case "pre":
      return entity.language === undefined ? 11 : 10;
    case "code":
      return 20;
    case "text_link":
    case "text_mention":
      return 49;
    case "bold":
      return 90;
    case "italic":
      return 91;
    case "underline":
      return 92;
    case "strikethrough":
      return 93;
    case "spoiler":
      return 94;
    case "custom_emoji":
      return 99;
    default:
      return 50;
  }
}

export function compareEntities(a: MessageEntity, b: MessageEntity): number {
  return a.offset - b.offset || b.length - a.length || priority(a) - priority(b);
}

export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort(compareEntities);
}

/** Bold and friends: may contain and be part of anything but pre and code; Telegram splits them. */
export const SPLITTABLE = ["bold", "italic", "underline", "strikethrough", "spoiler"] as const;

export const isSplittable = (type: EntityType): boolean =>
  (SPLITTABLE as readonly string[]).includes(type);

export const isBlockquote = (type: EntityType): boolean =>
  type === "blockquote" || type === "expandable_blockquote";

export const isPre = (type: EntityType): boolean => type === "pre" || type === "code";

/** Entities that can contain nothing but splittable ones (tdlib's "continuous" ones). */
export const isContinuous = (type: EntityType): boolean =>
  !isSplittable(type) && !isBlockquote(type) && !isPre(type);

/**
 * The user a tg://user?id= link names. Telegram fills in what it knows about the user; the parser
 * knows only the id (formatMessageText can fill in the rest).
 */
export function mentionedUser(id: number): User {
  return { id, is_bot: false, first_name: "" };
}
