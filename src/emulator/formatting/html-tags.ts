// The pieces of Telegram's HTML that are not tags: character references and start-tag attributes,
// read byte by byte as tdlib's decode_html_entity and parse_html read them.
import { Bytes, ch, hexValue, isAlpha, isDigit, isHexDigit, isSpace } from "./bytes.js";
import { cantParse } from "./entity-kinds.js";

const NAMED = new Map([
  ["lt", ch("<")],
  ["gt", ch(">")],
  ["amp", ch("&")],
  ["quot", ch('"')],
]);

/**
 * The character the reference at `pos` ("&lt;", "&#38;", "&#x26;", the ";" optional) stands for
 * and where it ends, or undefined when it is not one Telegram decodes (then "&" is plain text).
 */
export function decodeReference(
  bytes: Bytes,
  pos: number,
): { code: number; next: number } | undefined {
  let end = pos + 1;
  let code = 0;
  if (bytes.at(pos + 1) === ch("#")) {
    end++;
    if (bytes.at(pos + 2) === ch("x")) {
      end++;
      while (isHexDigit(bytes.at(end))) code = code * 16 + hexValue(bytes.at(end++));
    } else {
      while (isDigit(bytes.at(end))) code = code * 10 + bytes.at(end++) - ch("0");
    }
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return undefined;
  } else {
    while (isAlpha(bytes.at(end))) end++;
    const named = NAMED.get(bytes.text(pos + 1, end));
    if (named === undefined) return undefined;
    code = named;
  }
  return { code, next: bytes.at(end) === ch(";") ? end + 1 : end };
}

export interface StartTag {
  name: string;
  /** href of <a>, the language of <code>, the class of <span>, emoji-id, or "1" if expandable. */
  argument: string;
  /** The index of the closing ">". */
  end: number;
}

function skipSpaces(bytes: Bytes, i: number): number {
  while (bytes.at(i) !== 0 && isSpace(bytes.at(i))) i++;
  return i;
}

/** An unquoted attribute value: letters, digits, "." and "-", lowercased. */
function readToken(bytes: Bytes, start: number): { value: string; next: number } {
  let i = start;
  const at = (k: number) => bytes.at(k);
  while (isAlpha(at(i)) || isDigit(at(i)) || at(i) === ch(".") || at(i) === ch("-")) i++;
  if (!isSpace(at(i)) && at(i) !== ch(">")) {
    throw cantParse(`Unexpected end of name token at byte offset ${start}`);
  }
  return { value: bytes.lowerText(start, i), next: i };
}

/** A quoted attribute value, its character references decoded (in place, as tdlib does). */
function readQuoted(bytes: Bytes, start: number): { value: string; next: number } {
  const quote = bytes.at(start);
  let i = start + 1;
  let out = i;
  while (bytes.at(i) !== quote && bytes.at(i) !== 0) {
    const reference = bytes.at(i) === ch("&") ? decodeReference(bytes, i) : undefined;
    if (reference === undefined) {
      bytes.write(out++, bytes.at(i++));
    } else {
      out = bytes.writeCodePoint(out, reference.code);
      i = reference.next;
    }
  }
  const value = bytes.text(start + 1, out);
  return { value, next: bytes.at(i) === quote ? i + 1 : i };
}

/** The argument an attribute gives a tag, or undefined if the tag ignores it. */
function argumentOf(tag: string, attribute: string, value: string): string | undefined {
  if (tag === "a" && attribute === "href") return value;
  if (tag === "code" && attribute === "class" && value.startsWith("language-")) {
    return value.slice(9);
  }
  if (tag === "span" && attribute === "class" && value.startsWith("tg-")) return value.slice(3);
  if (tag === "tg-emoji" && attribute === "emoji-id") return value;
  if (tag === "blockquote" && attribute === "expandable") return "1";
  return undefined;
}

/** Reads the attributes of tag `name`, from `i` (after the name) to the closing ">". */
export function readAttributes(bytes: Bytes, name: string, tagStart: number, i: number): StartTag {
  let argument = "";
  const unclosed = () => cantParse(`Unclosed start tag "${name}" at byte offset ${tagStart}`);
  while (bytes.at(i) !== ch(">")) {
    i = skipSpaces(bytes, i);
    if (bytes.at(i) === ch(">")) break;
    const nameStart = i;
    while (!isSpace(bytes.at(i)) && !"=>/\"'".includes(String.fromCharCode(bytes.at(i)))) i++;
    const attribute = bytes.text(nameStart, i);
    if (attribute === "") {
      throw cantParse(`Empty attribute name in the tag "${name}" at byte offset ${tagStart}`);
    }
    i = skipSpaces(bytes, i);
    if (bytes.at(i) !== ch("=")) {
      if (bytes.at(i) === 0) throw unclosed();
      if (name === "blockquote" && attribute === "expandable") argument = "1";
      continue;
    }
    i = skipSpaces(bytes, i + 1);
    if (bytes.at(i) === 0) throw unclosed();
    const quoted = bytes.at(i) === ch('"') || bytes.at(i) === ch("'");
    const { value, next } = quoted ? readQuoted(bytes, i) : readToken(bytes, i);
    i = next;
    if (bytes.at(i) === 0) throw cantParse(`Unclosed start tag at byte offset ${tagStart}`);
    argument = argumentOf(name, attribute, value) ?? argument;
  }
  return { name, argument, end: i };
}
