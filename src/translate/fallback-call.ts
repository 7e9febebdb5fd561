// One provider asked for some texts, the way the fallback chain asks: with a time limit per HTTP
// call the texts need, as one batch where the provider takes batches, else text by text. A text's
// failure becomes that text's outcome; only the caller's abort rejects.
import { ProviderError, type ProviderFailure } from "../errors.js";
import type { BatchRequest, TranslateResult, Translator } from "./types.js";

/** One text's outcome in a batch: its translation, or why it has none. */
export type Outcome = TranslateResult | ProviderError;

/** Failures that say something about one text or pair, not about the provider's health. */
export const TEXT_FAILURES: ReadonlySet<ProviderFailure> = new Set([
  "same-language",
  "unsupported",
  "too-long",
]);

/** How long a piece of text one HTTP call carries, when the provider does not say. */
const DEFAULT_CALL_CHARS = 5000;

function asProviderError(error: unknown, provider: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError({ provider, kind: "server", message, cause: error });
}

/** The language part of a code ("zh-TW" -> "zh"). */
const base = (code: string) => code.split("-")[0]?.toLowerCase() ?? code;

/** Whether the provider can be asked at all: it translates into target, and detects if need be. */
export function supports(translator: Translator, source: string, target: string): boolean {
  const capabilities = translator.capabilities;
  if (capabilities === undefined) return true;
  if (source === "auto" && !capabilities.autoDetect) return false;
  const languages = capabilities.languages;
  return languages === undefined || languages.has(target) || languages.has(base(target));
}

/** How many HTTP calls a provider needs for these texts, at least 1. */
function callsFor(translator: Translator, texts: readonly string[]): number {
  const capabilities = translator.capabilities;
  const perCall =
    capabilities?.limit.unit === "bytes"
      ? Math.floor(capabilities.limit.max / 3)
      : (capabilities?.limit.max ?? DEFAULT_CALL_CHARS);
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  const byCount = Math.ceil(texts.length / (capabilities?.maxTexts ?? texts.length));
  return Math.max(1, byCount, Math.ceil(chars / Math.max(1, perCall)));
}

/**
 * Runs work with a time limit and the caller's signal; rejects with a "timeout" ProviderError when
 * the limit passes (even if the work ignores its signal), or with the caller's reason on abort.
 */
async function withTimeout<T>(
  provider: string,
  ms: number,
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new ProviderError({ provider, kind: "timeout", message: `no answer within ${ms} ms` }),
      ),
    ms,
  );
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener("abort", onAbort, { once: true });
  if (outer?.aborted) onAbort();
  try {
    const running = work(controller.signal);
    // Settled late (after the limit), it must not become an unhandled rejection.
    running.catch(() => undefined);
    const aborted = new Promise<never>((_, reject) => {
      if (controller.signal.aborted) reject(controller.signal.reason as Error);
      controller.signal.addEventListener("abort", () => reject(controller.signal.reason as Error), {
        once: true,
      });
    });
    return await Promise.race([running, aborted]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onAbort);
  }
}

/**
 * One provider, all the given texts: one batch call where it allows, else one call per text;
 * limitMs is the time limit of one HTTP call.
 */
export async function askProvider(
  translator: Translator,
  texts: readonly string[],
  request: Omit<BatchRequest, "texts">,
  limitMs: number,
): Promise<Outcome[]> {
  const { name } = translator;
  const { source, target, formality, signal } = request;
  const asked = formality === undefined ? {} : { formality };
  if (texts.length > 1 && translator.translateBatch !== undefined) {
    const batch = translator.translateBatch.bind(translator);
    try {
      return await withTimeout(name, limitMs * callsFor(translator, texts), signal, (inner) =>
        batch({ texts, source, target, ...asked, signal: inner }),
      );
    } catch (error) {
      if (signal?.aborted) throw error;
      const failure = asProviderError(error, name);
      // One text's problem must not fail the others: those go one by one.
      if (!TEXT_FAILURES.has(failure.kind)) return texts.map(() => failure);
    }
  }
  return Promise.all(
    texts.map((text) =>
      withTimeout(name, limitMs * callsFor(translator, [text]), signal, (inner) =>
        translator.translate({ text, source, target, ...asked, signal: inner }),
      ).catch((error: unknown) => {
        if (signal?.aborted) throw error;
        return asProviderError(error, name);
      }),
    ),
  );
}
