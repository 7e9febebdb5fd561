// A translated tree as one message to send: HTML when it has formatting and passes the check,
// else its plain text (never markup Telegram could refuse).
import { escapeHtml, renderHtml } from "./entities-to-html.js";
import { plainText, type Node } from "./tree.js";
import { checkHtml, TEXT_LIMIT } from "./validate-html.js";

/** The text and parse mode of a sendMessage call. */
export interface OutgoingText {
  text: string;
  parse_mode?: "HTML";
}

/** `nodes` as a message; `limit` is on the text after parsing (Telegram's 4096 by default). */
export function toOutgoing(nodes: readonly Node[], limit: number = TEXT_LIMIT): OutgoingText {
  const html = renderHtml(nodes);
  const text = plainText(nodes);
  // Nothing to format: plain text says the same with nothing to escape.
  if (html === escapeHtml(text)) return { text };
  return checkHtml(html, limit).ok ? { text: html, parse_mode: "HTML" } : { text };
}
