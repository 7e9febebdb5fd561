// Text plus Telegram entities → a tree of spans, the shape the DOM is built from. Offsets and
// lengths are UTF-16 code units, which is what JavaScript string indices are, so slicing is direct.
// Entities that overlap without nesting (Telegram forbids it, bots still send it) are split at the
// outer entity's end, so the tree is always well formed and no character is dropped or repeated.
import type { MessageEntity } from "grammy/types";

export type Span = { text: string } | { entity: MessageEntity; children: Span[] };

/** Wider entities first at the same offset, so they become the parents. */
function byPosition(a: MessageEntity, b: MessageEntity): number {
  return a.offset - b.offset || b.length - a.length;
}

function nest(text: string, entities: MessageEntity[], start: number, end: number): Span[] {
  const spans: Span[] = [];
  let cursor = start;
  let rest = [...entities].sort(byPosition);
  for (let head = rest[0]; head !== undefined; head = rest[0]) {
    const headEnd = head.offset + head.length;
    if (head.offset > cursor) spans.push({ text: text.slice(cursor, head.offset) });
    const inside: MessageEntity[] = [];
    const outside: MessageEntity[] = [];
    for (const other of rest.slice(1)) {
      const otherEnd = other.offset + other.length;
      if (other.offset >= headEnd) outside.push(other);
      else if (otherEnd <= headEnd) inside.push(other);
      else {
        inside.push({ ...other, length: headEnd - other.offset });
        outside.push({ ...other, offset: headEnd, length: otherEnd - headEnd });
      }
    }
    spans.push({ entity: head, children: nest(text, inside, head.offset, headEnd) });
    cursor = headEnd;
    rest = outside.sort(byPosition);
  }
  if (cursor < end) spans.push({ text: text.slice(cursor, end) });
  return spans;
}

export function segment(text: string, entities: readonly MessageEntity[] = []): Span[] {
  // Entities out of range or empty would make slices go backwards; clamp them to the text.
  const valid = entities
    .map((entity) => {
      const offset = Math.max(0, Math.min(entity.offset, text.length));
      const end = Math.max(offset, Math.min(entity.offset + entity.length, text.length));
      return { ...entity, offset, length: end - offset };
    })
    .filter((entity) => entity.length > 0);
  return nest(text, valid, 0, text.length);
}
