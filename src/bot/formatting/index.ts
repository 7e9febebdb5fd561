// Formatting that survives translation: a message's text and entities in, its translation out as
// messages ready for sendMessage (parse_mode HTML when there is formatting, each within 4096).
//
// Three ways to carry formatting through a translator (`markup`):
// - "segments" (the default): the text between entity borders is translated piece by piece
//   (segments.ts). Protected spans (code, pre, URLs, e-mails, mentions, hashtags, cashtags,
//   commands, custom emoji, text mentions) are never sent at all, and it needs nothing from the
//   provider, so it is right whichever provider of the TRANSLATOR chain answers, a fallback one
//   included: a format has to be chosen before the call, and only the chain knows who answers. A
//   message without entities (most of them) is one piece, translated as before. Its cost: a
//   sentence cut by inline formatting is translated in pieces.
// - "tokens": one text with ⟦n⟧ placeholders (markup-tokens.ts), for a translator known to keep
//   them; better sentences, but no provider promises to keep them.
// - "html": one HTML text (markup-html.ts), for a translator that is called with HTML tag
//   handling (DeepL tag_handling=html, Google format=html, Azure textType=html); babelgram's
//   providers are not called that way yet.
// Whenever "tokens" or "html" comes back broken (a placeholder dropped, doubled or mangled), the
// message is translated by segments instead. Every message is checked (validate-html.ts) and goes
// out as plain text if its HTML fails the check.
import { protect, type Markup } from "./protect.js";
import { toOutgoing, type OutgoingText } from "./outgoing.js";
import {
  segmentsOf,
  translateSegmentsOf,
  type SegmentTranslator,
  type TranslationRequest,
} from "./segments.js";
import { splitTree } from "./split-html.js";
import type { FormattedText, Node } from "./tree.js";
import { TEXT_LIMIT } from "./validate-html.js";

export { entitiesToHtml, escapeAttribute, escapeHtml } from "./entities-to-html.js";
export { protect, type Markup, type Protected, type Restored } from "./protect.js";
export type { OutgoingText } from "./outgoing.js";
export { translateSegments, type SegmentTranslator, type TranslationRequest } from "./segments.js";
export { buildTree, plainText, treeEntities, type FormattedText } from "./tree.js";
export { checkHtml, htmlToPlainText, TEXT_LIMIT, type HtmlCheck } from "./validate-html.js";

export interface FormattedRequest extends TranslationRequest {
  /** How formatting travels through the translator; default "segments" (see above). */
  markup?: "segments" | Markup;
  /** The most text per message, after parsing; default Telegram's 4096. */
  limit?: number;
}

export interface FormattedTranslation {
  /** In order; each one fits the limit. */
  messages: OutgoingText[];
  /** The source language the provider used or detected (of the longest piece, by segments). */
  source: string;
  target: string;
  provider: string;
  /**
   * How the translation was made: "segments" too when tokens or html came back broken, or could
   * not carry the message (tokens: it has ⟦ or ⟧ of its own).
   */
  markup: "segments" | Markup;
  /** Whether tokens or html was asked for but segments made the translation (see markup). */
  fellBack: boolean;
  /** Characters sent to the translator, over all calls. */
  sentChars: number;
}

/**
 * Translates a message keeping its formatting. undefined when there is nothing to translate (no
 * letters outside protected spans). Throws what the translator throws (ProviderError), a
 * "same-language" one included when every piece is already in the target language.
 */
export async function translateFormatted(
  message: FormattedText,
  translator: SegmentTranslator,
  request: FormattedRequest,
): Promise<FormattedTranslation | undefined> {
  const { markup = "segments", limit = TEXT_LIMIT, ...call } = request;
  const finish = (
    nodes: Node[],
    made: Pick<FormattedTranslation, "source" | "provider" | "markup" | "sentChars">,
  ): FormattedTranslation => ({
    messages: splitTree(nodes, limit)
      .map((piece) => toOutgoing(piece, limit))
      .filter((out) => out.text.trim() !== ""),
    target: request.target,
    fellBack: made.markup !== markup,
    ...made,
  });
  // Cut once: the segments tell whether there is anything to translate, and are translated below.
  const cut = segmentsOf(message);
  if (cut.texts.length === 0) return undefined;
  const wire = markup === "segments" ? undefined : protect(message, markup);
  if (wire !== undefined) {
    const result = await translator.translate({ ...call, text: wire.text });
    const nodes = wire.restoreTree(result.text);
    if (nodes !== undefined) {
      const { source, provider } = result;
      return finish(nodes, { source, provider, markup, sentChars: wire.text.length });
    }
  }
  const segments = await translateSegmentsOf(cut, translator, call);
  if (segments === undefined) return undefined;
  const { nodes, sentChars, ...made } = segments;
  const sent = sentChars + (wire?.text.length ?? 0);
  return finish(nodes, { ...made, markup: "segments", sentChars: sent });
}
