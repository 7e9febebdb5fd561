// The opening of a ``` block, read alike by both Markdown modes (tdlib's parse_markdown and
// parse_markdown_v2 share the code): a language is a word directly after the backticks that a
// space or line break ends, and one line break after the opening is not part of the text.
import { type Bytes, ch, isSpace } from "./bytes.js";

const isLineBreak = (byte: number) => byte === ch("\n") || byte === ch("\r");

/** From `i`, the first byte after ```: the language ("" if none) and where the text starts. */
export function preOpening(bytes: Bytes, i: number): { language: string; start: number } {
  let language = "";
  let end = i;
  while (!isSpace(bytes.at(end)) && bytes.at(end) !== ch("`")) end++;
  if (end !== i && end < bytes.size && bytes.at(end) !== ch("`")) {
    language = bytes.text(i, end);
    i = end;
  }
  const [first, second] = [bytes.at(i), bytes.at(i + 1)];
  if (isLineBreak(first)) i += isLineBreak(second) && first !== second ? 2 : 1;
  return { language, start: i };
}
