// One message's translation into one or more languages, as the messages to send: its formatting
// kept (formatting/translateFormatted: code, links and mentions are never sent to a translator),
// every language in one reply with a label each when there are several, "[ko → en]" labels when the
// chat shows the source language, and each message within Telegram's 4096 characters.
//
// What is left out says nothing: a language the provider finds the text already in, or a provider
// that hands the text back unchanged (Amazon and language models do that instead of saying so).
import type { MessageEntity } from "grammy/types";
import { ProviderError } from "../errors.js";
import { normaliseText, type CachedTranslator } from "../translate/cache.js";
import { CONFIDENT_DETECTION, type Detection } from "../translate/detect.js";
import type {
  BatchRequest,
  Formality,
  TranslateRequest,
  TranslateResult,
} from "../translate/types.js";
import { sameLanguage } from "./direction.js";
import {
  checkHtml,
  escapeHtml,
  htmlToPlainText,
  TEXT_LIMIT,
  translateFormatted,
  type OutgoingText,
  type SegmentTranslator,
} from "./formatting/index.js";

export interface RenderRequest {
  text: string;
  entities?: readonly MessageEntity[] | undefined;
  detection: Detection;
  targets: readonly string[];
  showSourceTag: boolean;
  /** The address to ask for in each target (the chat's, where the translator honours it). */
  formality?: (target: string) => Formality | undefined;
  /** Runs before any provider call (never for cache hits): the quota check, which may throw. */
  beforeProvider?: () => Promise<void>;
}

export interface Rendered {
  /** In order, each within the limit; empty when there is nothing to say. */
  parts: OutgoingText[];
  /** The languages that made it into the parts. */
  targets: string[];
  /** Characters a provider translated (cache hits are free): what quotas count. */
  charged: number;
  /** The first failure of a language that did not make it, other than "already in it". */
  failure?: ProviderError;
}

/** Room kept in each message for a label such as "[zh-TW → ko] ". */
const LABEL_ROOM = 24;

/** The cache as translateFormatted calls it, counting what missed it. */
function metered(cache: CachedTranslator, beforeMiss?: () => Promise<void>) {
  let charged = 0;
  const options = beforeMiss === undefined ? {} : { beforeMiss };
  const one = async (request: TranslateRequest): Promise<TranslateResult> => {
    const { result, hit } = await cache.lookup(request, options);
    if (!hit) charged += normaliseText(request.text).length;
    return result;
  };
  const translator: SegmentTranslator = {
    translate: one,
    translateBatch: (request: BatchRequest) =>
      Promise.all(request.texts.map((text) => one({ ...request, text }))),
  };
  return { translator, charged: () => charged };
}

const plainOf = (part: OutgoingText) =>
  part.parse_mode === "HTML" ? htmlToPlainText(part.text) : part.text;

interface Block {
  label: string | undefined;
  parts: OutgoingText[];
}

/** Blocks as messages: labelled, several per message while they fit, blank lines between. */
export function compose(blocks: readonly Block[], limit: number = TEXT_LIMIT): OutgoingText[] {
  const [only] = blocks;
  if (blocks.length === 1 && only !== undefined && only.label === undefined) return only.parts;
  const pieces = blocks.flatMap((block) =>
    block.parts.map((part, index) => {
      const html = part.parse_mode === "HTML" ? part.text : escapeHtml(part.text);
      return index === 0 && block.label !== undefined
        ? `${escapeHtml(`[${block.label}]`)} ${html}`
        : html;
    }),
  );
  const messages: string[] = [];
  for (const piece of pieces) {
    const last = messages.at(-1);
    const joined = last === undefined ? undefined : `${last}\n\n${piece}`;
    if (joined !== undefined && htmlToPlainText(joined).length <= limit) {
      messages[messages.length - 1] = joined;
    } else messages.push(piece);
  }
  return messages.map((html) => {
    const check = checkHtml(html, limit);
    const text = check.ok ? check.text : htmlToPlainText(html);
    return check.ok && html !== escapeHtml(text) ? { text: html, parse_mode: "HTML" } : { text };
  });
}

export async function render(cache: CachedTranslator, request: RenderRequest): Promise<Rendered> {
  const { detection, targets } = request;
  const sure = detection.language !== undefined && detection.confidence >= CONFIDENT_DETECTION;
  const source = sure && detection.language !== undefined ? detection.language : "auto";
  const labelled = request.showSourceTag || targets.length > 1;
  const limit = labelled ? TEXT_LIMIT - LABEL_ROOM : TEXT_LIMIT;
  const meter = metered(cache, request.beforeProvider);
  const original = normaliseText(request.text);

  const outcomes = await Promise.all(
    targets.map(async (target) => {
      try {
        const message = { text: request.text, entities: request.entities };
        const formality = request.formality?.(target);
        const result = await translateFormatted(message, meter.translator, {
          source,
          target,
          ...(formality === undefined ? {} : { formality }),
          limit,
        });
        if (result === undefined) return undefined;
        if (source === "auto" && sameLanguage(result.source, target)) return undefined;
        const plain = normaliseText(result.messages.map(plainOf).join("\n"));
        if (plain === "" || plain === original) return undefined;
        return { target, source: result.source, parts: result.messages };
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        return error.kind === "same-language" ? undefined : error;
      }
    }),
  );

  const made = outcomes.filter(
    (outcome): outcome is { target: string; source: string; parts: OutgoingText[] } =>
      outcome !== undefined && !(outcome instanceof ProviderError),
  );
  const failure = outcomes.find((outcome) => outcome instanceof ProviderError);
  const blocks = made.map(({ target, source: from, parts }) => ({
    label: request.showSourceTag ? `${from} → ${target}` : labelled ? target : undefined,
    parts,
  }));
  return {
    parts: blocks.length === 0 ? [] : compose(blocks),
    targets: made.map((outcome) => outcome.target),
    charged: meter.charged(),
    ...(failure === undefined ? {} : { failure }),
  };
}
