// parse_mode "MarkdownV2", as tdlib's parse_markdown_v2 reads it. Outside code, every one of
// _*[]()~`>#+-=|{}.! is markup or must be escaped with "\"; any ASCII character may be escaped.
// ">" starts a quote only at the start of a line; a quote whose last line ends with "||" is an
// expandable one ("**>" in the docs is just an empty bold before the quote). Errors carry tdlib's
// wording and UTF-8 byte offsets into the original text. The entities themselves are in
// markdown-v2-entities.ts.
import type { MessageEntity } from "grammy/types";
import { Bytes, ch, utf16Width } from "./bytes.js";
import { sortEntities } from "./entity-kinds.js";
import type { FormattedText } from "./fix-text.js";
import {
  closing,
  isEnd,
  isEscapable,
  opening,
  reserved,
  unfinished,
  type Open,
} from "./markdown-v2-entities.js";

const RESERVED = "_*[]()~`>#+-=|{}.!\n";

export function parseMarkdownV2(input: string): FormattedText {
  const bytes = new Bytes(input);
  const nested: Open[] = [];
  const entities: MessageEntity[] = [];
  let out = 0;
  let utf16 = 0;
  let inQuote = false;
  let lineStart = true;
  const quoteType = (expandable: boolean) => (expandable ? "expandable_blockquote" : "blockquote");

  for (let i = 0; i < bytes.size; i++) {
    const c = bytes.at(i);
    if (c === ch("\\") && isEscapable(bytes.at(i + 1))) {
      const escaped = bytes.at(++i);
      utf16 += 1;
      bytes.write(out++, escaped);
      if (escaped !== ch("\r")) lineStart = escaped === ch("\n");
      continue;
    }
    const top = nested[nested.length - 1];
    const inCode = top?.kind === "code" || top?.kind === "pre" || top?.kind === "preCode";
    if (!(inCode ? "`" : RESERVED).includes(String.fromCharCode(c))) {
      const width = utf16Width(c);
      utf16 += width;
      if (width > 0 && c !== ch("\r")) lineStart = false;
      bytes.write(out++, c);
      continue;
    }

    const endsQuote = inQuote && c === ch("\n") && bytes.at(i + 1) !== ch(">");
    if (top === undefined || !(endsQuote || isEnd(top, bytes, i))) {
      if (c === ch("\n")) {
        utf16 += 1;
        bytes.write(out++, c);
        lineStart = true;
      } else if (c === ch(">")) {
        if (!lineStart) throw reserved(c);
        if (!inQuote)
          nested.push({
            kind: "blockquote",
            argument: "",
            offset: utf16,
            byteOffset: i,
            begin: out,
          });
        inQuote = true;
      } else {
        const { kind, argument, last } = opening(bytes, i);
        nested.push({ kind, argument, offset: utf16, byteOffset: i, begin: out });
        i = last;
      }
      continue;
    }

    let open = top;
    let expandable = false;
    if (c === ch("\n") && open.kind !== "blockquote") {
      // "||" right before the line break that ends a quote marks it expandable.
      const markOnly =
        open.byteOffset === i - 2 ||
        (open.byteOffset === i - 3 && out !== 0 && bytes.at(out - 1) === ch("\r"));
      if (open.kind !== "spoiler" || !markOnly) throw unfinished(open);
      nested.pop();
      open = nested[nested.length - 1] as Open;
      if (open.kind !== "blockquote") throw unfinished(open);
      expandable = true;
    }
    if (open.kind === "blockquote") {
      inQuote = false;
      lineStart = true;
      bytes.write(out++, c);
      utf16 += 1;
    }
    const span = { offset: open.offset, length: utf16 - open.offset };
    const begin = open.begin;
    const closed = closing(bytes, open, i, span, () => bytes.text(begin, out));
    i = closed.last;
    const entity = closed.entity;
    if (entity?.type === "blockquote") entities.push({ ...entity, type: quoteType(expandable) });
    else if (entity !== undefined && entity.length > 0) entities.push(entity);
    nested.pop();
  }

  if (inQuote) {
    let open = nested[nested.length - 1];
    let expandable = false;
    if (open?.kind === "spoiler" && open.byteOffset === bytes.size - 2) {
      nested.pop();
      open = nested[nested.length - 1];
      expandable = true;
    }
    if (open?.kind === "blockquote") {
      const length = utf16 - open.offset;
      if (length > 0) entities.push({ type: quoteType(expandable), offset: open.offset, length });
      nested.pop();
    }
  }
  const unclosed = nested[nested.length - 1];
  if (unclosed !== undefined) throw unfinished(unclosed);
  return { text: bytes.text(0, out), entities: sortEntities(entities) };
}
