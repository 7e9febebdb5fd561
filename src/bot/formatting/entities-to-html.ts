// Telegram entities to parse_mode HTML, written so that Telegram's parser gives back the same text
// and entities: only "<", ">" and "&" are escaped in text (and '"' in attributes), entities Telegram
// finds by itself (URLs, mentions, hashtags...) stay plain text, and crossing spans are closed and
// reopened (see tree.ts).
import type { MessageEntity } from "grammy/types";
import { buildTree, plainText, type Node } from "./tree.js";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeAttribute(value: string): string {
  return escapeHtml(value).replace(/"/g, "&quot;");
}

const SIMPLE: Partial<Record<MessageEntity["type"], string>> = {
  bold: "b",
  italic: "i",
  underline: "u",
  strikethrough: "s",
  spoiler: "tg-spoiler",
  code: "code",
  blockquote: "blockquote",
};

const INT64_MAX = 2n ** 63n - 1n;

/** A custom emoji id Telegram accepts: a non-zero int64, written canonically. */
const validEmojiId = (id: string) =>
  /^-?[1-9]\d{0,18}$/.test(id) && BigInt(id) <= INT64_MAX && BigInt(id) >= -INT64_MAX - 1n;

/** The start and end tags of an entity; undefined for those written as plain text. */
export function tagsOf(entity: MessageEntity): [string, string] | undefined {
  const simple = SIMPLE[entity.type];
  if (simple !== undefined) return [`<${simple}>`, `</${simple}>`];
  switch (entity.type) {
    case "expandable_blockquote":
      return ["<blockquote expandable>", "</blockquote>"];
    case "pre": {
      const language = entity.language ?? "";
      return language === ""
        ? ["<pre>", "</pre>"]
        : [`<pre><code class="language-${escapeAttribute(language)}">`, "</code></pre>"];
    }
    case "text_link":
      return entity.url === "" ? undefined : [`<a href="${escapeAttribute(entity.url)}">`, "</a>"];
    case "text_mention":
      return Number.isSafeInteger(entity.user.id) && entity.user.id > 0
        ? [`<a href="tg://user?id=${entity.user.id}">`, "</a>"]
        : undefined;
    case "custom_emoji":
      return validEmojiId(entity.custom_emoji_id)
        ? [`<tg-emoji emoji-id="${entity.custom_emoji_id}">`, "</tg-emoji>"]
        : undefined;
    default:
      return undefined;
  }
}

/** Entities that hold nothing but text: what is inside them is written as plain text. */
const TEXT_ONLY = new Set(["code", "pre"]);

/** Which tags one may not be inside another of the same group: links, and quotes. */
const groupOf = (entity: MessageEntity) =>
  entity.type === "text_link" || entity.type === "text_mention"
    ? "link"
    : entity.type === "blockquote" || entity.type === "expandable_blockquote"
      ? "quote"
      : undefined;

/**
 * The HTML of a tree (see tree.ts). What Telegram would drop anyway (formatting inside code, a
 * link inside a link, a quote inside a quote) is left out, so the result is always nested the way
 * validate-html.ts accepts.
 */
export function renderHtml(
  nodes: readonly Node[],
  inside: ReadonlySet<string> = new Set(),
): string {
  let html = "";
  for (const node of nodes) {
    if (typeof node === "string") {
      html += escapeHtml(node);
      continue;
    }
    const group = groupOf(node.entity);
    const tags = group !== undefined && inside.has(group) ? undefined : tagsOf(node.entity);
    if (tags === undefined) {
      html += renderHtml(node.children, inside);
    } else if (TEXT_ONLY.has(node.entity.type)) {
      html += tags[0] + escapeHtml(plainText(node.children)) + tags[1];
    } else {
      const within = group === undefined ? inside : new Set([...inside, group]);
      html += tags[0] + renderHtml(node.children, within) + tags[1];
    }
  }
  return html;
}

/** A message's text and entities as parse_mode HTML. */
export function entitiesToHtml(text: string, entities: readonly MessageEntity[] = []): string {
  return renderHtml(buildTree({ text, entities }));
}
