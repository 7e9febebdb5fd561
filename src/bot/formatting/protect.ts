// One text for a translator, with the message's formatting carried along and its protected spans
// (code, links, mentions, hashtags, commands, custom emoji, names) kept out of translation, and the
// way back from the translation to a message. Two wire formats, chosen by what the provider does:
// "html" for providers called with HTML tag handling (markup-html.ts), "tokens" for plain-text
// ones (markup-tokens.ts). A provider that drops, doubles or mangles a placeholder never yields
// broken output: restore() then says intact: false and gives plain text, and the caller should
// translate the message by segments instead (segments.ts), as translateFormatted does.
import { label, rebuild } from "./marks.js";
import { decodeHtml, encodeHtml, providerHtmlToPlainText } from "./markup-html.js";
import { decodeTokens, encodeTokens, fitsTokens, tokensToPlainText } from "./markup-tokens.js";
import { toOutgoing, type OutgoingText } from "./outgoing.js";
import { buildTree, type FormattedText, type Node } from "./tree.js";

export type Markup = "tokens" | "html";

export interface Restored extends OutgoingText {
  /** false when the provider broke the markup: `text` is then a plain best effort. */
  intact: boolean;
}

export interface Protected {
  /** What to send to the translator. */
  text: string;
  markup: Markup;
  /** The translation as a tree, or undefined when it does not fit the original's spans. */
  restoreTree(translated: string): Node[] | undefined;
  /** The translation as one message (not split: see split-html.ts for the length limit). */
  restore(translated: string): Restored;
}

/** undefined when the message cannot travel in that format (tokens: it has ⟦ or ⟧ of its own). */
export function protect(message: FormattedText, markup: Markup): Protected | undefined {
  if (markup === "tokens" && !fitsTokens(message.text)) return undefined;
  const nodes = buildTree(message);
  const labels = label(nodes);
  const restoreTree = (translated: string) => {
    const marks =
      markup === "tokens" ? decodeTokens(translated, labels) : decodeHtml(translated, labels);
    return marks === undefined ? undefined : rebuild(marks, labels, nodes);
  };
  return {
    text: markup === "tokens" ? encodeTokens(nodes, labels) : encodeHtml(nodes, labels),
    markup,
    restoreTree,
    restore(translated) {
      const tree = restoreTree(translated);
      if (tree !== undefined) return { ...toOutgoing(tree, Infinity), intact: true };
      const text =
        markup === "tokens"
          ? tokensToPlainText(translated, labels)
          : providerHtmlToPlainText(translated);
      return { text, intact: false };
    },
  };
}
