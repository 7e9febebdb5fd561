// parse_mode "Markdown" (the legacy one), as tdlib's parse_markdown reads it: *bold*, _italic_,
// `code`, ```pre```, [text](url), no nesting, and only _ * ` [ can be escaped. Like tdlib it
// rewrites the text in place, and like tdlib it then reads a [url] without (url) from the
// rewritten bytes, shifted: Telegram's bug, kept so that bots see what Telegram would give them.
import type { MessageEntity } from "grammy/types";
import { Bytes, ch, utf16Width } from "./bytes.js";
import { cantParse, mentionedUser } from "./entity-kinds.js";
import type { FormattedText } from "./fix-text.js";
import { checkedLink, linkUserId } from "./links.js";
import { preOpening } from "./pre-block.js";

const MARKS = [ch("_"), ch("*"), ch("`"), ch("[")];

export function parseMarkdown(input: string): FormattedText {
  const bytes = new Bytes(input);
  const { size } = bytes;
  const entities: MessageEntity[] = [];
  let out = 0;
  let utf16 = 0;
  for (let i = 0; i < size; i++) {
    const c = bytes.at(i);
    if (c === ch("\\") && MARKS.includes(bytes.at(i + 1))) {
      bytes.write(out++, bytes.at(++i));
      utf16++;
      continue;
    }
    if (!MARKS.includes(c)) {
      utf16 += utf16Width(c);
      bytes.write(out++, c);
      continue;
    }

    const begin = i++;
    const endMark = c === ch("[") ? ch("]") : c;
    let isPre = false;
    let language = "";
    if (c === ch("`") && bytes.at(i) === ch("`") && bytes.at(i + 1) === ch("`")) {
      isPre = true;
      ({ language, start: i } = preOpening(bytes, i + 2));
    }

    const offset = utf16;
    const closes = (k: number) =>
      bytes.at(k) === endMark &&
      (!isPre || (bytes.at(k + 1) === ch("`") && bytes.at(k + 2) === ch("`")));
    while (i < size && !closes(i)) {
      utf16 += utf16Width(bytes.at(i));
      bytes.write(out++, bytes.at(i++));
    }
    if (i === size) {
      throw cantParse(`Can't find end of the entity starting at byte offset ${begin}`);
    }

    const span = { offset, length: utf16 - offset };
    if (span.length > 0) {
      if (c === ch("_")) entities.push({ type: "italic", ...span });
      if (c === ch("*")) entities.push({ type: "bold", ...span });
      if (c === ch("`")) {
        entities.push(
          language === ""
            ? { type: isPre ? "pre" : "code", ...span }
            : { type: "pre", ...span, language },
        );
      }
      if (c === ch("[")) {
        let url: string;
        if (bytes.at(i + 1) !== ch("(")) {
          url = bytes.text(begin + 1, i);
        } else {
          const start = (i += 2);
          while (i < size && bytes.at(i) !== ch(")")) i++;
          url = bytes.text(start, i);
        }
        const userId = linkUserId(url);
        const link = userId === undefined ? checkedLink(url) : undefined;
        if (userId !== undefined) {
          entities.push({ type: "text_mention", ...span, user: mentionedUser(userId) });
        } else if (link !== undefined) {
          entities.push({ type: "text_link", ...span, url: link });
        }
      }
    }
    if (isPre) i += 2;
  }
  return { text: bytes.text(0, out), entities };
}
