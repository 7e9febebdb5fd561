// The wire format for providers that translate plain text only (Papago, Amazon, LibreTranslate,
// Google and DeepL as babelgram calls them today): a protected span becomes "⟦3⟧", and a formatted
// one is wrapped in "⟦2⟧…⟦/2⟧". Translation engines copy characters they have no translation for,
// and these brackets (U+27E6, U+27E7) almost never occur in messages; when they do, this format is
// not used. What an engine may still do (move, drop, double or respace a token) is read tolerantly
// here and judged by marks.ts.
import type { Labels, Mark } from "./marks.js";
import { isProtected, plainText, type Node } from "./tree.js";

export const OPEN = "⟦";
export const CLOSE = "⟧";

/** Whether the text can travel in this format (it has no brackets of its own). */
export const fitsTokens = (text: string): boolean => !text.includes(OPEN) && !text.includes(CLOSE);

export function encodeTokens(nodes: readonly Node[], labels: Labels): string {
  return nodes
    .map((node) => {
      if (typeof node === "string") return node;
      const id = labels.id(node);
      if (isProtected(node.entity)) return `${OPEN}${id}${CLOSE}`;
      return `${OPEN}${id}${CLOSE}${encodeTokens(node.children, labels)}${OPEN}/${id}${CLOSE}`;
    })
    .join("");
}

// Spaces inside a token are forgiven; anything else makes it text, and the span goes missing.
const TOKEN = /⟦\s*(\/?)\s*(\d{1,6})\s*⟧/g;

export function decodeTokens(translated: string, labels: Labels): Mark[] {
  const marks: Mark[] = [];
  let last = 0;
  for (const match of translated.matchAll(TOKEN)) {
    marks.push({ kind: "text", text: translated.slice(last, match.index) });
    last = match.index + match[0].length;
    const id = Number(match[2]);
    const span = labels.span(id);
    if (match[1] === "/") marks.push({ kind: "close", id });
    else if (span !== undefined && isProtected(span.entity)) marks.push({ kind: "atom", id });
    else marks.push({ kind: "open", id });
  }
  marks.push({ kind: "text", text: translated.slice(last) });
  return marks;
}

/** The translation as plain text, best effort: protected spans put back where found, no tokens. */
export function tokensToPlainText(translated: string, labels: Labels): string {
  return translated.replace(TOKEN, (_token, slash: string, digits: string) => {
    const span = labels.span(Number(digits));
    if (slash === "" && span !== undefined && isProtected(span.entity)) {
      return plainText(span.children);
    }
    return "";
  });
}
