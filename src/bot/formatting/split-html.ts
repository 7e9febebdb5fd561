// Telegram's 4096 characters count the text after entity parsing, so a long formatted message is
// cut on its text (where split-text.ts would cut plain text: paragraphs, lines, sentences, words)
// and each piece keeps the spans it cuts through: a bold run over a cut is closed at the end of one
// message and opened again at the start of the next, so every piece is valid HTML on its own.
import { splitText } from "../../translate/split-text.js";
import { plainText, type Node } from "./tree.js";

const lengthOf = (node: Node) =>
  (typeof node === "string" ? node : plainText(node.children)).length;

/** The part of a tree between two text offsets, spans cut at the borders. */
export function sliceTree(nodes: readonly Node[], from: number, to: number): Node[] {
  const out: Node[] = [];
  let start = 0;
  for (const node of nodes) {
    const end = start + lengthOf(node);
    if (end > from && start < to) {
      if (typeof node === "string") {
        out.push(node.slice(Math.max(from, start) - start, Math.min(to, end) - start));
      } else {
        const children = sliceTree(node.children, from - start, to - start);
        if (children.length > 0) out.push({ entity: node.entity, children });
      }
    }
    start = end;
  }
  return out;
}

/** The tree in pieces of at most `limit` UTF-16 code units of text each. */
export function splitTree(nodes: readonly Node[], limit: number): Node[][] {
  const text = plainText(nodes);
  if (text.length <= limit) return [[...nodes]];
  const pieces: Node[][] = [];
  let offset = 0;
  for (const chunk of splitText(text, limit)) {
    pieces.push(sliceTree(nodes, offset, offset + chunk.length));
    offset += chunk.length;
  }
  return pieces;
}
