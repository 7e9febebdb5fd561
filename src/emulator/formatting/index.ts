// Formatted text the way Telegram takes it from a bot: parse_mode markup (HTML, MarkdownV2, legacy
// Markdown) or given entities, then tdlib's clean-up (fix-text.ts), the entities Telegram finds by
// itself, and the length limit. sendMessage, editMessageText and captions all go through
// formatMessageText so that they answer alike.
import type { MessageEntity, User } from "grammy/types";
import { detectEntities } from "../entities.js";
import { badRequest } from "../errors.js";
import { cantParse } from "./entity-kinds.js";
import { mergeNewEntities } from "./fix-entities.js";
import { fixFormattedText, type FormattedText } from "./fix-text.js";
import { parseHtml } from "./html.js";
import { parseMarkdownV2 } from "./markdown-v2.js";
import { parseMarkdown } from "./markdown.js";

export type { FormattedText } from "./fix-text.js";
export { parseHtml } from "./html.js";
export { parseMarkdownV2 } from "./markdown-v2.js";
export { parseMarkdown } from "./markdown.js";

const PARSERS = new Map<string, (text: string) => FormattedText>([
  ["html", parseHtml],
  ["markdownv2", parseMarkdownV2],
  ["markdown", parseMarkdown],
]);

/** Whether `parseMode` asks for parsing: Telegram reads "" and "none" as no parse_mode. */
export function hasParseMode(parseMode: string | undefined): parseMode is string {
  return parseMode !== undefined && parseMode !== "" && parseMode.toLowerCase() !== "none";
}

/** How many code points tdlib's parseTextEntities accepts. */
const MAX_MARKUP_LENGTH = 65536;

/**
 * The text and entities `parseMode` (any case) makes of `text`; no mode leaves the text as it is.
 * Throws Telegram's 400 "can't parse entities: ..." or "unsupported parse_mode".
 */
export function applyParseMode(text: string, parseMode: string | undefined): FormattedText {
  if (!hasParseMode(parseMode) || text === "") return { text, entities: [] };
  const parse = PARSERS.get(parseMode.toLowerCase());
  if (parse === undefined) throw badRequest("unsupported parse_mode");
  if (text.length > MAX_MARKUP_LENGTH && [...text].length > MAX_MARKUP_LENGTH) {
    throw cantParse("Text is too long");
  }
  return parse(text);
}

/** The entity types Telegram finds by itself; given ones are ignored and found again. */
const DETECTED = new Set([
  ...["mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number"],
  "bank_card_number",
]);

export interface MessageTextInput {
  /** The text or caption as the bot sent it. */
  text: string;
  parseMode?: string | undefined;
  /** Given entities, used when there is no parse_mode (Telegram ignores them otherwise). */
  entities?: readonly MessageEntity[] | undefined;
  /** 4096 for a message text, 1024 for a caption. */
  limit: number;
  /** A caption may be empty, and "message caption is too long" is its refusal. */
  caption?: boolean;
  /** The full user a text_mention names, as Telegram fills it in; else only the id is known. */
  findUser?: (id: number) => User | undefined;
}

/**
 * A message text or caption as Telegram stores and echoes it, or Telegram's refusal: "message
 * text is empty", "unsupported parse_mode", "can't parse entities: ...", "text must be
 * non-empty" (when only whitespace is left), "message is too long".
 */
export function formatMessageText(input: MessageTextInput): FormattedText {
  const caption = input.caption ?? false;
  if (input.text === "" && !caption) throw badRequest("message text is empty");
  const parsed = hasParseMode(input.parseMode)
    ? applyParseMode(input.text, input.parseMode)
    : {
        text: input.text,
        entities: (input.entities ?? []).filter((entity) => !DETECTED.has(entity.type)),
      };
  const fixed = fixFormattedText(parsed, caption);
  const entities = mergeNewEntities(fixed.entities, detectEntities(fixed.text)).map((entity) => {
    if (entity.type !== "text_mention") return entity;
    const user = input.findUser?.(entity.user.id);
    return user === undefined ? entity : { ...entity, user };
  });
  if (fixed.text.length > input.limit) {
    throw badRequest(caption ? "message caption is too long" : "message is too long");
  }
  return { text: fixed.text, entities };
}
