// The entities of MarkdownV2 one by one: what opens each, what ends it, and the entity it makes,
// as tdlib's parse_markdown_v2 decides. The line-by-line work (quotes, escapes) is markdown-v2.ts.
import type { MessageEntity } from "grammy/types";
import { type Bytes, ch } from "./bytes.js";
import { cantParse, mentionedUser } from "./entity-kinds.js";
import { checkedLink, linkCustomEmojiId, linkUserId } from "./links.js";
import { preOpening } from "./pre-block.js";

/** tdlib's entity types, named as its error messages name them. */
const NAMES = {
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  strikethrough: "Strikethrough",
  spoiler: "Spoiler",
  code: "Code",
  pre: "Pre",
  preCode: "PreCode",
  textUrl: "TextUrl",
  customEmoji: "CustomEmoji",
  blockquote: "BlockQuote",
} as const;

export type Kind = keyof typeof NAMES;

export interface Open {
  kind: Kind;
  /** The language of a pre block. */
  argument: string;
  /** UTF-16 offset in the result. */
  offset: number;
  /** UTF-8 byte offset of the markup in the original, for errors. */
  byteOffset: number;
  /** Where the entity's text starts in the result, for a [url] without (url). */
  begin: number;
}

export const reserved = (c: number) =>
  cantParse(
    `Character '${String.fromCharCode(c)}' is reserved and must be escaped with the preceding '\\'`,
  );

export const unfinished = (open: Open) =>
  cantParse(`Can't find end of ${NAMES[open.kind]} entity at byte offset ${open.byteOffset}`);

export const isEscapable = (byte: number) => byte > 0 && byte <= 126;

/** Whether the markup at `i` ends `open` (quotes end at line breaks, decided by the caller). */
export function isEnd(open: Open, bytes: Bytes, i: number): boolean {
  const [c, next, afterNext] = [bytes.at(i), bytes.at(i + 1), bytes.at(i + 2)];
  switch (open.kind) {
    case "bold":
      return c === ch("*");
    case "italic":
      return c === ch("_") && next !== ch("_");
    case "underline":
      return c === ch("_") && next === ch("_");
    case "strikethrough":
      return c === ch("~");
    case "spoiler":
      return c === ch("|") && next === ch("|");
    case "code":
      return c === ch("`");
    case "pre":
    case "preCode":
      return c === ch("`") && next === ch("`") && afterNext === ch("`");
    case "textUrl":
    case "customEmoji":
      return c === ch("]");
    case "blockquote":
      return false;
  }
}

/**
 * The entity the markup at `i` opens (not a quote or a line break) and the last byte of its
 * markup; throws "is reserved" for a character that opens nothing.
 */
export function opening(bytes: Bytes, i: number): { kind: Kind; argument: string; last: number } {
  const [c, next] = [bytes.at(i), bytes.at(i + 1)];
  const simple = (kind: Kind, length = 1) => ({ kind, argument: "", last: i + length - 1 });
  if (c === ch("_")) return next === ch("_") ? simple("underline", 2) : simple("italic");
  if (c === ch("*")) return simple("bold");
  if (c === ch("~")) return simple("strikethrough");
  if (c === ch("|") && next === ch("|")) return simple("spoiler", 2);
  if (c === ch("[")) return simple("textUrl");
  if (c === ch("!") && next === ch("[")) return simple("customEmoji", 2);
  if (c === ch("`") && next === ch("`") && bytes.at(i + 2) === ch("`")) {
    const { language, start } = preOpening(bytes, i + 3);
    return { kind: language === "" ? "pre" : "preCode", argument: language, last: start - 1 };
  }
  if (c === ch("`")) return simple("code");
  throw reserved(c);
}

/** Reads "(url)" after the "]" at `i`, unescaping; returns the url and the index of ")". */
function readUrl(bytes: Bytes, i: number, what: "a URL" | "a custom emoji URL") {
  const start = i + 2;
  const url: number[] = [];
  let k = start;
  while (k < bytes.size && bytes.at(k) !== ch(")")) {
    const escaped = bytes.at(k) === ch("\\") && isEscapable(bytes.at(k + 1));
    if (escaped) k++;
    url.push(bytes.at(k++));
  }
  if (bytes.at(k) !== ch(")")) throw cantParse(`Can't find end of ${what} at byte offset ${start}`);
  return { url: new TextDecoder().decode(new Uint8Array(url)), close: k };
}

/**
 * The entity `open` makes when its end markup is at `i` (undefined for a link Telegram drops) and
 * the last byte of that markup. `text` is the entity's text so far, a [url] without (url).
 */
export function closing(
  bytes: Bytes,
  open: Open,
  i: number,
  span: { offset: number; length: number },
  text: () => string,
): { entity: MessageEntity | undefined; last: number } {
  switch (open.kind) {
    case "underline":
    case "spoiler":
      return { entity: { type: open.kind, ...span }, last: i + 1 };
    case "pre":
      return { entity: { type: "pre", ...span }, last: i + 2 };
    case "preCode":
      return { entity: { type: "pre", ...span, language: open.argument }, last: i + 2 };
    case "textUrl": {
      const { url, close } =
        bytes.at(i + 1) === ch("(") ? readUrl(bytes, i, "a URL") : { url: text(), close: i };
      const userId = linkUserId(url);
      const link = userId === undefined ? checkedLink(url) : undefined;
      const entity: MessageEntity | undefined =
        userId !== undefined
          ? { type: "text_mention", ...span, user: mentionedUser(userId) }
          : link === undefined
            ? undefined
            : { type: "text_link", ...span, url: link };
      return { entity, last: close };
    }
    case "customEmoji": {
      if (bytes.at(i + 1) !== ch("(")) {
        throw cantParse("Custom emoji entity must contain a tg://emoji URL");
      }
      const { url, close } = readUrl(bytes, i, "a custom emoji URL");
      const id = linkCustomEmojiId(url);
      return { entity: { type: "custom_emoji", ...span, custom_emoji_id: id }, last: close };
    }
    case "blockquote":
      return { entity: { type: "blockquote", ...span }, last: i };
    default:
      return { entity: { type: open.kind, ...span }, last: i };
  }
}
