// Translation by segments, the path that needs nothing from the provider: the plain text between
// entity borders is translated piece by piece (one batch call when the translator takes several
// texts) and put back between the same spans, so code, links, mentions, hashtags, commands, custom
// emoji and names are never sent at all, and every span comes back around the translation of the
// words it held. The price: text cut by inline formatting is translated without its neighbours, so
// bold that starts or ends inside a word is dropped first (it would cut the word in two).
import type { MessageEntity } from "grammy/types";
import { ProviderError } from "../../errors.js";
import type { Formality, TranslateResult, Translator } from "../../translate/types.js";
import { buildTree, isProtected, isStyle, type FormattedText, type Node } from "./tree.js";

export type SegmentTranslator = Pick<Translator, "translate"> &
  Partial<Pick<Translator, "translateBatch">>;

export interface TranslationRequest {
  source: string;
  target: string;
  formality?: Formality;
  signal?: AbortSignal;
}

export interface SegmentsResult {
  nodes: Node[];
  /** The source language of the longest piece, as the provider used or detected it. */
  source: string;
  provider: string;
  /** Characters sent to the translator (pieces without letters are not sent). */
  sentChars: number;
}

const WORD = /[\p{L}\p{N}\p{M}]/u;

function insideWord(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const before = [...text.slice(Math.max(0, at - 2), at)].pop() ?? "";
  const after = String.fromCodePoint(text.codePointAt(at) ?? 0);
  return WORD.test(before) && WORD.test(after);
}

/** The entities, without styles whose start or end falls inside a word. */
function withoutInWordStyles(text: string, entities: readonly MessageEntity[]) {
  return entities.filter(
    (entity) =>
      !isStyle(entity) ||
      !(insideWord(text, entity.offset) || insideWord(text, entity.offset + entity.length)),
  );
}

interface Piece {
  lead: string;
  core: string;
  trail: string;
}

function pieceOf(text: string): Piece {
  const core = text.trim();
  const lead = text.slice(0, text.length - text.trimStart().length);
  return { lead, core, trail: text.slice(lead.length + core.length) };
}

/** Calls `f` on each text outside protected spans, rebuilding the tree with what it returns. */
function mapText(nodes: readonly Node[], f: (text: string) => string): Node[] {
  return nodes.map((node) => {
    if (typeof node === "string") return f(node);
    if (isProtected(node.entity)) return node;
    return { entity: node.entity, children: mapText(node.children, f) };
  });
}

const sameLanguage = (error: unknown): error is ProviderError =>
  error instanceof ProviderError && error.kind === "same-language";

/**
 * The translation of each text, undefined for those a provider found already in the target
 * language; throws that same-language error only when it is true of all of them.
 */
async function translateAll(
  texts: readonly string[],
  translator: SegmentTranslator,
  request: TranslationRequest,
): Promise<(TranslateResult | undefined)[]> {
  const [only] = texts;
  if (texts.length === 1 && only !== undefined) {
    return [await translator.translate({ ...request, text: only })];
  }
  if (translator.translateBatch !== undefined) {
    try {
      return await translator.translateBatch({ ...request, texts });
    } catch (error) {
      // One piece in the target language already (a name, a loanword) fails the whole batch.
      if (!sameLanguage(error)) throw error;
    }
  }
  const results = await Promise.all(
    texts.map((text) =>
      translator.translate({ ...request, text }).catch((error: unknown) => {
        if (sameLanguage(error)) return error;
        throw error;
      }),
    ),
  );
  const found = results.find((result) => !(result instanceof ProviderError));
  if (found === undefined && results[0] instanceof ProviderError) throw results[0];
  return results.map((result) => (result instanceof ProviderError ? undefined : result));
}

/** The message's tree and the distinct texts to translate (those with letters). */
export function segmentsOf(message: FormattedText): { nodes: Node[]; texts: string[] } {
  const entities = withoutInWordStyles(message.text, message.entities ?? []);
  const nodes = buildTree({ text: message.text, entities });
  const texts = new Set<string>();
  mapText(nodes, (text) => {
    const { core } = pieceOf(text);
    if (/\p{L}/u.test(core)) texts.add(core);
    return text;
  });
  return { nodes, texts: [...texts] };
}

/** undefined when there is nothing to translate (no letters outside protected spans). */
export function translateSegments(
  message: FormattedText,
  translator: SegmentTranslator,
  request: TranslationRequest,
): Promise<SegmentsResult | undefined> {
  return translateSegmentsOf(segmentsOf(message), translator, request);
}

/** translateSegments for a message already cut into segments (segmentsOf). */
export async function translateSegmentsOf(
  { nodes, texts }: { nodes: Node[]; texts: string[] },
  translator: SegmentTranslator,
  request: TranslationRequest,
): Promise<SegmentsResult | undefined> {
  if (texts.length === 0) return undefined;
  const results = await translateAll(texts, translator, request);
  const translated = new Map<string, string>();
  let main: TranslateResult | undefined;
  let mainLength = 0;
  texts.forEach((text, i) => {
    const result = results[i];
    const value = result?.text.trim() ?? "";
    if (result === undefined || value === "") return;
    translated.set(text, value);
    if (text.length > mainLength) [main, mainLength] = [result, text.length];
  });
  return {
    nodes: mapText(nodes, (text) => {
      const piece = pieceOf(text);
      return piece.lead + (translated.get(piece.core) ?? piece.core) + piece.trail;
    }),
    source: main?.source ?? request.source,
    provider: main?.provider ?? "",
    sentChars: texts.reduce((sum, text) => sum + text.length, 0),
  };
}
