// The entities Telegram finds in a text by itself: bot commands, mentions, hashtags, cashtags,
// e-mail addresses and URLs (grammY's bot.command() needs the bot_command entity). Offsets and
// lengths are UTF-16 code units, which is what JavaScript string indices are. Phone numbers and
// Telegram's full TLD list are left out.
import type { MessageEntity } from "grammy/types";

type Detected = MessageEntity.CommonMessageEntity;

const TLDS =
  "com|org|net|io|dev|app|me|ai|co|info|biz|edu|gov|ru|kr|jp|cn|de|fr|uk|us|eu|ca|au|in|br|es|it|nl|pl|ua|tv|xyz|site|online|tech|page|link|to|ly|gl|gg|sh";

const PATTERNS: [Detected["type"], RegExp][] = [
  ["email", /(?<![\w.+-])[\w.+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}(?![\w@])/giu],
  [
    "url",
    new RegExp(
      String.raw`(?<![\w@.\/-])(?:https?:\/\/[^\s<>"]+|(?:[\p{L}\p{N}-]+\.)+(?:${TLDS})(?::\d{1,5})?(?:\/[^\s<>"]*)?(?![\p{L}\p{N}_-]))`,
      "giu",
    ),
  ],
  ["bot_command", /(?<![\w/\\<>.-])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])/gu],
  ["mention", /(?<![\w@])@[A-Za-z0-9_]{3,32}(?![\w@])/gu],
  ["hashtag", /(?<![\w#])#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*/gu],
  ["cashtag", /(?<![\w$])\$[A-Z]{3,8}(?![\w])/gu],
];

/** Strips what usually ends a sentence rather than a URL: trailing punctuation, an unmatched ")". */
function trimUrl(text: string): string {
  let end = text.length;
  while (end > 0) {
    const last = text[end - 1] ?? "";
    if (".,;:!?'\"".includes(last)) end--;
    else if (last === ")" && count(text.slice(0, end), "(") < count(text.slice(0, end), ")")) end--;
    else break;
  }
  return text.slice(0, end);
}

const count = (text: string, char: string) => text.split(char).length - 1;

/** The entities Telegram would add to `text`, leaving out any that overlap `given` ones. */
export function detectEntities(
  text: string,
  given: readonly MessageEntity[] = [],
): MessageEntity[] {
  const found: MessageEntity[] = [...given];
  const overlaps = (offset: number, length: number) =>
    found.some((e) => offset < e.offset + e.length && e.offset < offset + length);
  for (const [type, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const value = type === "url" ? trimUrl(match[0]) : match[0];
      const offset = match.index;
      if (value.length === 0 || overlaps(offset, value.length)) continue;
      found.push({ type, offset, length: value.length });
    }
  }
  return found.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/**
 * Telegram strips leading and trailing whitespace from a message's text; entities given with the
 * text move with it and are cut to what is left.
 */
export function trimText(
  text: string,
  entities: readonly MessageEntity[] = [],
): { text: string; entities: MessageEntity[] } {
  const start = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const kept: MessageEntity[] = [];
  for (const entity of entities) {
    const from = Math.max(0, entity.offset - start);
    const to = Math.min(trimmed.length, entity.offset + entity.length - start);
    if (to > from) kept.push({ ...entity, offset: from, length: to - from });
  }
  return { text: trimmed, entities: kept };
}
