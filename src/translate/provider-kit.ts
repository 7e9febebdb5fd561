// What every HTTP translation provider shares, so that a provider file holds only its own contract:
// texts over the per-call limit are split at sentence boundaries and joined back, texts are packed
// into as few calls as the provider's batch size and limit allow, each call gets a timeout,
// failures become ProviderErrors that never carry a key, and formality reaches the provider only
// in the targets it lists.
import { ProviderError, type ProviderFailure } from "../errors.js";
import { redactSecrets } from "../redact.js";
import { formalityIn } from "./formality.js";
import { httpCall, type HttpAnswer } from "./provider-http.js";
import { splitText } from "./split-text.js";
import type {
  BatchRequest,
  Capabilities,
  Formality,
  TranslateRequest,
  TranslateResult,
  Translator,
} from "./types.js";

/** One call to the provider: texts already within its limits, whitespace trimmed. */
export interface ProviderCall {
  texts: string[];
  source: string;
  target: string;
  /** Asked for, and the target is among the definition's formality targets; else left out. */
  formality?: Formality;
  signal: AbortSignal;
}

export interface ProviderAnswer {
  /** One translation per text of the call, in order. */
  texts: string[];
  /** The source language the provider detected (babelgram's code), when it says. */
  detected?: string;
}

export interface ProviderDefinition {
  name: string;
  attribution?: string;
  capabilities: Capabilities;
  /** Targets in which the provider can be asked for formal or informal address; default none. */
  formality?: ReadonlySet<string>;
  /** Per call; default 5000 ms. */
  timeoutMs?: number;
  /** Keys and other values that must never appear in an error message. */
  secrets: readonly string[];
  /** Makes one call; throws ProviderError (see ProviderKit.fail) or anything (mapped by the kit). */
  call(call: ProviderCall, kit: ProviderKit): Promise<ProviderAnswer>;
}

export interface ProviderKit {
  /** A ProviderError of this provider, scrubbed of its secrets. */
  fail(
    kind: ProviderFailure,
    message: string,
    extra?: { status?: number; code?: string; cause?: unknown },
  ): ProviderError;
  /** One request (provider-http.ts) with the call's signal; network failures become ProviderErrors. */
  fetchJson(
    url: string,
    init: { method?: string; headers: Record<string, string>; body?: string },
    signal: AbortSignal,
  ): Promise<{ status: number; body: unknown; raw: string }>;
}

/** The failure kind an HTTP status usually means; providers refine it with their error codes. */
export function kindOfStatus(status: number): ProviderFailure {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate";
  if (status === 413) return "too-long";
  if (status >= 500) return "server";
  return "unsupported";
}

export function measure(text: string, unit: "chars" | "bytes"): number {
  return unit === "chars" ? text.length : Buffer.byteLength(text, "utf8");
}

interface Piece {
  /** Which request text it belongs to. */
  index: number;
  lead: string;
  core: string;
  trail: string;
}

/** Cuts texts into pieces within the limit (at paragraph, line, sentence, word boundaries). */
function piecesOf(texts: readonly string[], limit: Capabilities["limit"]): Piece[] {
  // A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4), so max/3 units fit.
  const maxUnits = limit.unit === "chars" ? limit.max : Math.floor(limit.max / 3);
  const pieces: Piece[] = [];
  texts.forEach((text, index) => {
    for (const piece of splitText(text, Math.max(2, maxUnits))) {
      // Providers trim what they translate; the whitespace between pieces is put back by hand.
      const core = piece.trim();
      const lead = piece.slice(0, piece.length - piece.trimStart().length);
      pieces.push({ index, lead, core, trail: piece.slice(lead.length + core.length) });
    }
  });
  return pieces;
}

/** Packs the non-empty pieces into calls of at most maxTexts texts and limit.max in all. */
function callsOf(pieces: readonly Piece[], capabilities: Capabilities): Piece[][] {
  const calls: Piece[][] = [];
  let current: Piece[] = [];
  let size = 0;
  for (const piece of pieces) {
    if (piece.core === "") continue;
    const length = measure(piece.core, capabilities.limit.unit);
    if (
      current.length > 0 &&
      (current.length >= capabilities.maxTexts || size + length > capabilities.limit.max)
    ) {
      calls.push(current);
      current = [];
      size = 0;
    }
    current.push(piece);
    size += length;
  }
  if (current.length > 0) calls.push(current);
  return calls;
}

export function createProvider(definition: ProviderDefinition): Translator {
  const timeoutMs = definition.timeoutMs ?? 5000;
  const redact = (text: string) => redactSecrets(text, definition.secrets);
  const scrub = (error: unknown) =>
    error instanceof Error && redact(error.message) !== error.message
      ? new Error(redact(error.message))
      : error;
  const kit: ProviderKit = {
    fail: (kind, message, extra = {}) =>
      new ProviderError({
        provider: definition.name,
        kind,
        message: redact(message),
        ...extra,
        cause: scrub(extra.cause),
      }),
    async fetchJson(url, init, signal) {
      let answer: HttpAnswer;
      try {
        answer = await httpCall(url, init, signal);
      } catch (error) {
        if (signal.aborted) throw error;
        const code = (error as { code?: unknown }).code;
        const detail = typeof code === "string" ? ` (${code})` : "";
        throw kit.fail("network", `request failed${detail}`, { cause: error });
      }
      const raw = answer.text;
      let body: unknown;
      try {
        body = raw === "" ? undefined : JSON.parse(raw);
      } catch {
        body = undefined;
      }
      return { status: answer.status, body, raw };
    },
  };

  async function callWithTimeout(call: Omit<ProviderCall, "signal">, outer?: AbortSignal) {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = outer === undefined ? timeout : AbortSignal.any([timeout, outer]);
    try {
      const answer = await definition.call({ ...call, signal }, kit);
      if (answer.texts.length !== call.texts.length) {
        throw kit.fail(
          "server",
          `malformed answer: ${answer.texts.length} translations for ${call.texts.length} texts`,
        );
      }
      return answer;
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      if (signal.aborted) {
        const why = timeout.aborted
          ? `no answer within ${timeoutMs} ms`
          : "the request was cancelled";
        throw kit.fail("timeout", why, { cause: error });
      }
      throw kit.fail("server", error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
  }

  async function translateBatch(request: BatchRequest): Promise<TranslateResult[]> {
    const pieces = piecesOf(request.texts, definition.capabilities.limit);
    const translated = new Map<Piece, string>();
    let detected: string | undefined;
    const { source, target } = request;
    // A preference: where the provider does not document it, the text is translated as usual.
    const formality = formalityIn(definition.formality, target) ? request.formality : undefined;
    for (const call of callsOf(pieces, definition.capabilities)) {
      const answer = await callWithTimeout(
        {
          texts: call.map((piece) => piece.core),
          source,
          target,
          ...(formality === undefined ? {} : { formality }),
        },
        request.signal,
      );
      detected ??= answer.detected;
      call.forEach((piece, i) => translated.set(piece, answer.texts[i] ?? ""));
    }
    return request.texts.map((_, index) => ({
      text: pieces
        .filter((piece) => piece.index === index)
        .map((piece) => piece.lead + (translated.get(piece) ?? piece.core) + piece.trail)
        .join(""),
      source: request.source === "auto" ? (detected ?? "auto") : request.source,
      target: request.target,
      provider: definition.name,
    }));
  }

  return {
    name: definition.name,
    ...(definition.attribution === undefined ? {} : { attribution: definition.attribution }),
    real: true,
    capabilities: definition.capabilities,
    ...(definition.formality === undefined ? {} : { formality: definition.formality }),
    translateBatch,
    async translate(request: TranslateRequest): Promise<TranslateResult> {
      const [result] = await translateBatch({ ...request, texts: [request.text] });
      if (result === undefined) throw kit.fail("server", "no translation returned");
      return result;
    },
  };
}
