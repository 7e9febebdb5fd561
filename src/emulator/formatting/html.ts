// parse_mode "HTML", as tdlib's parse_html reads it: a small fixed set of tags, properly nested
// (an end tag may be just "</>"), the four named references and numeric ones. Errors carry
// tdlib's wording and UTF-8 byte offsets into the original text.
import type { MessageEntity } from "grammy/types";
import { Bytes, ch, isSpace, utf16Width } from "./bytes.js";
import { cantParse, mentionedUser, sortEntities } from "./entity-kinds.js";
import type { FormattedText } from "./fix-text.js";
import { decodeReference, readAttributes } from "./html-tags.js";
import { checkedLink, customEmojiId, linkUserId } from "./links.js";

const TAGS = new Set([
  ...["a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins"],
  ...["tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote"],
]);

const SIMPLE: Record<string, MessageEntity.CommonMessageEntity["type"]> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
};

interface OpenTag {
  name: string;
  argument: string;
  /** UTF-16 offset of the entity in the result. */
  offset: number;
  /** Byte offset of the entity in the result, for <a> without href. */
  begin: number;
}

/** An entity made so far; a <code>'s language waits here for a <pre> around it. */
interface Made {
  entity: MessageEntity;
  language?: string;
}

export function parseHtml(input: string): FormattedText {
  const bytes = new Bytes(input);
  const open: OpenTag[] = [];
  const made: Made[] = [];
  let out = 0;
  let utf16 = 0;
  let decodedSurrogate = false;

  const close = (tag: OpenTag) => {
    const span = { offset: tag.offset, length: utf16 - tag.offset };
    const last = made[made.length - 1];
    // <pre><code class="language-x"> (either way round) is one pre entity with a language.
    const around = (type: "pre" | "code", m: Made | undefined): m is Made =>
      m?.entity.type === type && m.entity.offset === span.offset && m.entity.length === span.length;
    const simple = Object.hasOwn(SIMPLE, tag.name) ? SIMPLE[tag.name] : undefined;
    if (simple !== undefined) {
      made.push({ entity: { type: simple, ...span } });
    } else if (tag.name === "tg-emoji") {
      made.push({
        entity: { type: "custom_emoji", ...span, custom_emoji_id: customEmojiId(tag.argument) },
      });
    } else if (tag.name === "a") {
      const url = tag.argument !== "" ? tag.argument : bytes.text(tag.begin, out);
      const userId = linkUserId(url);
      const link = userId === undefined ? checkedLink(url) : undefined;
      if (userId !== undefined) {
        made.push({ entity: { type: "text_mention", ...span, user: mentionedUser(userId) } });
      } else if (link !== undefined) {
        made.push({ entity: { type: "text_link", ...span, url: link } });
      }
    } else if (tag.name === "pre") {
      if (around("code", last) && last.language !== undefined) {
        last.entity = { type: "pre", ...span, language: last.language };
      } else {
        made.push({ entity: { type: "pre", ...span } });
      }
    } else if (tag.name === "code") {
      const language = tag.argument === "" ? undefined : tag.argument;
      if (around("pre", last) && language !== undefined) {
        last.entity = { type: "pre", ...span, language };
      } else {
        made.push({ entity: { type: "code", ...span }, language });
      }
    } else {
      const type = tag.argument === "" ? "blockquote" : "expandable_blockquote";
      made.push({ entity: { type, ...span } });
    }
  };

  for (let i = 0; i < bytes.size; i++) {
    const c = bytes.at(i);
    const reference = c === ch("&") ? decodeReference(bytes, i) : undefined;
    if (reference !== undefined) {
      i = reference.next - 1;
      utf16 += reference.code > 0xffff ? 2 : 1;
      if (reference.code >= 0xd800 && reference.code <= 0xdfff) decodedSurrogate = true;
      out = bytes.writeCodePoint(out, reference.code);
      continue;
    }
    if (c !== ch("<")) {
      utf16 += utf16Width(c);
      bytes.write(out++, c);
      continue;
    }
    const begin = i++;
    if (bytes.at(i) !== ch("/")) {
      while (!isSpace(bytes.at(i)) && bytes.at(i) !== ch(">")) i++;
      if (bytes.at(i) === 0) throw cantParse(`Unclosed start tag at byte offset ${begin}`);
      const name = bytes.lowerText(begin + 1, i);
      if (!TAGS.has(name)) {
        throw cantParse(`Unsupported start tag "${name}" at byte offset ${begin}`);
      }
      const tag = readAttributes(bytes, name, begin, i);
      i = tag.end;
      if (name === "span" && tag.argument !== "spoiler") {
        throw cantParse(`Tag "span" must have class "tg-spoiler" at byte offset ${begin}`);
      }
      open.push({ name, argument: tag.argument, offset: utf16, begin: out });
      continue;
    }
    const top = open[open.length - 1];
    if (top === undefined) throw cantParse(`Unexpected end tag at byte offset ${begin}`);
    while (!isSpace(bytes.at(i)) && bytes.at(i) !== ch(">")) i++;
    const endName = bytes.lowerText(begin + 2, i);
    while (isSpace(bytes.at(i)) && bytes.at(i) !== 0) i++;
    if (bytes.at(i) !== ch(">")) throw cantParse(`Unclosed end tag at byte offset ${begin}`);
    if (endName !== "" && endName !== top.name) {
      throw cantParse(
        `Unmatched end tag at byte offset ${begin}, expected "</${top.name}>", found "</${endName}>"`,
      );
    }
    if (utf16 > top.offset) close(top);
    open.pop();
  }
  const unclosed = open[open.length - 1];
  if (unclosed !== undefined) {
    throw cantParse(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  }
  if (decodedSurrogate) {
    throw cantParse(
      "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units",
    );
  }
  return { text: bytes.text(0, out), entities: sortEntities(made.map((m) => m.entity)) };
}
