// A message's text and entities as a tree of properly nested spans, which the HTML renderer, the
// translation of segments and the splitter all walk. Telegram lets bold, italic and friends cross
// each other; here a crossing inner span is closed where the outer one ends and reopened after it.
import type { MessageEntity } from "grammy/types";

/** A text with Telegram entities (offsets and lengths in UTF-16 code units). */
export interface FormattedText {
  text: string;
  entities?: readonly MessageEntity[] | undefined;
}

export interface Span {
  entity: MessageEntity;
  children: Node[];
}

export type Node = string | Span;

/** Entities drawn with a tag in Telegram's HTML. */
const TAGGED = new Set([
  ...["bold", "italic", "underline", "strikethrough", "spoiler", "code", "pre"],
  ...["text_link", "text_mention", "custom_emoji", "blockquote", "expandable_blockquote"],
]);

/**
 * Entities written as plain text: Telegram finds most of them again by itself (a date_time is
 * left as its text). None of them is ever translated.
 */
const UNTAGGED = new Set([
  ...["mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number"],
  ...["bank_card_number", "date_time"],
]);

/** Never sent to a translator: code, names, links and everything Telegram finds by itself. */
const PROTECTED = new Set(["code", "pre", "text_mention", "custom_emoji", ...UNTAGGED]);

export const isProtected = (entity: MessageEntity): boolean => PROTECTED.has(entity.type);

/** Bold and friends: Telegram lets them cross each other and split them at other borders. */
export const isStyle = (entity: MessageEntity): boolean =>
  ["bold", "italic", "underline", "strikethrough", "spoiler"].includes(entity.type);

/** tdlib's order for spans with the same bounds: the first is the outer one. */
function priority(entity: MessageEntity): number {
  switch (entity.type) {
    case "blockquote":
    case "expandable_blockquote":
      return 0;
    case "pre":
      return 10;
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

interface Range {
  entity: MessageEntity;
  start: number;
  end: number;
}

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/** The entity's range within the text, widened so that it never cuts a surrogate pair. */
function rangeOf(text: string, entity: MessageEntity): Range {
  let start = Math.max(0, Math.min(entity.offset, text.length));
  let end = Math.max(start, Math.min(entity.offset + entity.length, text.length));
  if (start > 0 && isHigh(text.charCodeAt(start - 1))) start--;
  if (end > 0 && end < text.length && isHigh(text.charCodeAt(end - 1))) end++;
  return { entity, start, end };
}

function append(children: Node[], text: string): void {
  const last = children.length - 1;
  const previous = children[last];
  if (typeof previous === "string") children[last] = previous + text;
  else children.push(text);
}

/** The tree of a text and its entities; entities of unknown types are left out. */
export function buildTree({ text, entities = [] }: FormattedText): Node[] {
  const ranges = entities
    .filter((entity) => TAGGED.has(entity.type) || UNTAGGED.has(entity.type))
    .map((entity) => rangeOf(text, entity))
    .filter((range) => range.end > range.start)
    .sort((a, b) => a.start - b.start || b.end - a.end || priority(a.entity) - priority(b.entity));
  const bounds = [...new Set([0, text.length, ...ranges.flatMap((r) => [r.start, r.end])])].sort(
    (a, b) => a - b,
  );
  const root: Node[] = [];
  // The spans open at the current position, outermost first, with the range each one stands for.
  const open: { range: Range; span: Span }[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i] ?? 0;
    const to = bounds[i + 1] ?? 0;
    const active = ranges.filter((range) => range.start <= from && range.end >= to);
    let kept = 0;
    while (kept < open.length && open[kept]?.range === active[kept]) kept++;
    open.length = kept;
    for (const range of active.slice(kept)) {
      const span: Span = { entity: range.entity, children: [] };
      (open[open.length - 1]?.span.children ?? root).push(span);
      open.push({ range, span });
    }
    append(open[open.length - 1]?.span.children ?? root, text.slice(from, to));
  }
  return root;
}

/** The text of a tree, as Telegram shows it. */
export function plainText(nodes: readonly Node[]): string {
  return nodes.map((node) => (typeof node === "string" ? node : plainText(node.children))).join("");
}

/** The entities of a tree, offsets in UTF-16 code units (for messages sent with entities). */
export function treeEntities(nodes: readonly Node[]): MessageEntity[] {
  const entities: MessageEntity[] = [];
  let offset = 0;
  const walk = (list: readonly Node[]) => {
    for (const node of list) {
      if (typeof node === "string") {
        offset += node.length;
        continue;
      }
      const start = offset;
      walk(node.children);
      if (offset > start) entities.push({ ...node.entity, offset: start, length: offset - start });
    }
  };
  walk(nodes);
  return entities;
}
