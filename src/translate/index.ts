// Builds the translator of TRANSLATOR: each provider (one file each, behind the Translator interface
// of types.ts) in a fallback chain with time limits, breakers and monthly budgets (fallback.ts), with
// translations that arrive together gathered into batches (batching.ts) when the first provider
// takes several texts per call. The translation cache and the users' quotas sit above it, in the
// bot (src/bot/translate-message.ts), since they need to know who asked.
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/types.js";
import { createBatchingTranslator } from "./batching.js";
import { createFallbackTranslator, type FallbackTranslator } from "./fallback.js";
import { createProviderTranslator } from "./provider-config.js";
import { createPseudoTranslator } from "./pseudo.js";
import { createProviderBudget } from "./quota.js";
import type { Translator } from "./types.js";

export type { TranslateRequest, TranslateResult, Translator } from "./types.js";
export type { FallbackTranslator, ProviderStatus } from "./fallback.js";

export function createTranslator(
  config: Pick<Config, "translators" | "providers" | "translation">,
  options: {
    /** Where monthly budgets and characters per provider are counted; none: not counted. */
    store?: Pick<Store, "addToCounter" | "getCounter">;
    logger?: Pick<Logger, "warn" | "error">;
    /** The breakers' clock. */
    now?: () => number;
  } = {},
): FallbackTranslator {
  const { timeoutMs, providerMonthlyChars } = config.translation;
  const links: Translator[] = config.translators.map((name) => {
    if (name === "pseudo") return createPseudoTranslator();
    const translator = createProviderTranslator(name, config.providers, timeoutMs);
    // config.ts refuses a TRANSLATOR naming an unconfigured provider, so this is a programming error.
    if (translator === undefined) throw new Error(`translator ${name} is not configured`);
    return translator;
  });
  if (links.length === 0) links.push(createPseudoTranslator());
  const chain = createFallbackTranslator(links, {
    // The providers time their own calls (TRANSLATOR_TIMEOUT_MS; OpenAI 30 s); the chain's limit is
    // a backstop a little later, for a call that ignores its signal.
    timeoutMs: (name) =>
      (name === "openai" ? (config.providers.openai?.timeoutMs ?? 30_000) : timeoutMs) + 500,
    ...(options.store === undefined
      ? {}
      : {
          budget: createProviderBudget(options.store, {
            monthlyChars: providerMonthlyChars,
            ...(options.now === undefined ? {} : { now: options.now }),
          }),
        }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  // Gathering texts into batches pays off when the provider normally used takes several per call
  // (Papago takes one: its texts go out as they come).
  const [first] = links;
  const batches = first?.translateBatch !== undefined && (first.capabilities?.maxTexts ?? 1) > 1;
  return batches ? createBatchingTranslator(chain) : chain;
}
