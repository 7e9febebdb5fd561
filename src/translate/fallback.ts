// The TRANSLATOR list as one Translator: providers are tried in order of preference, each call with a
// time limit (fallback-call.ts), a provider that keeps failing is skipped for a while (breaker.ts),
// and one over its monthly budget is skipped like an open breaker (quota.ts); fallback-provider.ts
// keeps each provider's breaker, counts and budget.
//
// Per text, what a provider's failure means for the chain:
// - timeout, server, network, rate, quota: the provider is unwell; the next one is tried, and the
//   failure counts towards its breaker (quota trips it at once: it will not be back in a minute).
// - auth: an operator problem at that provider (wrong keys, API not enabled). It must not stop
//   translation when another provider works, so the next one is tried too, the breaker trips at once,
//   and it is logged as an error.
// - unsupported, too-long: this provider cannot do this text or pair; the next one that can is tried.
//   The provider itself is fine (its breaker counts a success).
// - same-language: the text is already in the target language. Final: nothing to translate.
// Formality goes to every provider tried: each honours it where it can and translates as usual
// elsewhere (a preference), so it never makes the chain skip a provider.
// When every provider has failed, the error is the last one that says a provider is unwell (the user
// is told to try again later), else the last one (e.g. no provider translates into the target);
// when none could even be tried, a ProviderError saying why (breakers open, budgets spent, no
// provider for the target language).
import { ProviderError } from "../errors.js";
import type { Logger } from "../log.js";
import { createBreaker, type BreakerOptions } from "./breaker.js";
import { askProvider, supports, TEXT_FAILURES, type Outcome } from "./fallback-call.js";
import {
  chainProvider,
  providerStatus,
  record,
  settle,
  withinBudget,
  type ProviderStatus,
} from "./fallback-provider.js";
import { chainFormality } from "./formality.js";
import type { ProviderBudget } from "./quota.js";
import type { BatchRequest, TranslateRequest, TranslateResult, Translator } from "./types.js";

export type { Outcome } from "./fallback-call.js";
export type { ProviderStatus } from "./fallback-provider.js";

export interface FallbackOptions {
  /** Each call's time limit (a batch or a long text gets one per expected HTTP call); default 5 s. */
  timeoutMs?: number | ((provider: string) => number);
  /** Breaker settings, one breaker per provider. */
  breaker?: Omit<BreakerOptions, "now">;
  /** The clock of the breakers (tests move it by hand). */
  now?: () => number;
  /** Monthly budgets, and where characters sent are counted. */
  budget?: ProviderBudget;
  logger?: Pick<Logger, "warn" | "error">;
}

export interface FallbackTranslator extends Translator {
  /** The providers, first one first. */
  readonly links: readonly Translator[];
  /** Each text's outcome, never rejecting for one text's failure (only when the caller aborts). */
  translateEach(request: BatchRequest): Promise<Outcome[]>;
  translateBatch(request: BatchRequest): Promise<TranslateResult[]>;
  status(): ProviderStatus[];
  readonly budget: ProviderBudget | undefined;
}

const DEFAULT_TIMEOUT_MS = 5000;

export function createFallbackTranslator(
  links: readonly Translator[],
  options: FallbackOptions = {},
): FallbackTranslator {
  if (links.length === 0) throw new Error("createFallbackTranslator needs at least one translator");
  const { budget, logger } = options;
  const timeoutOf = (name: string) =>
    typeof options.timeoutMs === "function"
      ? options.timeoutMs(name)
      : (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const providers = links.map((translator) =>
    chainProvider(
      translator,
      createBreaker({ ...options.breaker, ...(options.now ? { now: options.now } : {}) }),
    ),
  );

  async function translateEach(request: BatchRequest): Promise<Outcome[]> {
    const { texts, source, target } = request;
    const outcomes: (Outcome | undefined)[] = texts.map(() => undefined);
    const lastError: (ProviderError | undefined)[] = texts.map(() => undefined);
    const lastUnwell: (ProviderError | undefined)[] = texts.map(() => undefined);
    const skipped = { open: [] as string[], budget: [] as string[], unsupported: [] as string[] };
    for (const provider of providers) {
      const pending = texts.flatMap((_, i) => (outcomes[i] === undefined ? [i] : []));
      if (pending.length === 0) break;
      if (!supports(provider.translator, source, target)) {
        skipped.unsupported.push(provider.name);
        continue;
      }
      if (!(await withinBudget(provider, budget, logger))) {
        provider.stats.skipped.budget += pending.length;
        skipped.budget.push(provider.name);
        continue;
      }
      if (!provider.breaker.allow()) {
        provider.stats.skipped.open += pending.length;
        skipped.open.push(provider.name);
        continue;
      }
      const sent = pending.map((i) => texts[i] ?? "");
      provider.stats.calls++;
      let results: Outcome[];
      try {
        results = await askProvider(provider.translator, sent, request, timeoutOf(provider.name));
      } catch (error) {
        // Only the caller's abort gets here: it says nothing about the provider.
        provider.breaker.abandon();
        throw error;
      }
      settle(provider, results, logger);
      await record(provider, sent, results, budget, logger);
      pending.forEach((index, k) => {
        const result = results[k];
        if (result === undefined) return;
        if (!(result instanceof ProviderError) || result.kind === "same-language") {
          outcomes[index] = result;
          return;
        }
        lastError[index] = result;
        if (!TEXT_FAILURES.has(result.kind)) lastUnwell[index] = result;
      });
    }
    return outcomes.map(
      (outcome, i) => outcome ?? lastUnwell[i] ?? lastError[i] ?? nobodyTried(skipped, target),
    );
  }

  function nobodyTried(
    skipped: { open: string[]; budget: string[]; unsupported: string[] },
    target: string,
  ): ProviderError {
    const provider = links.map((link) => link.name).join(",");
    if (skipped.budget.length > 0) {
      return new ProviderError({
        provider,
        kind: "quota",
        message: `monthly budget spent: ${skipped.budget.join(", ")}${skipped.open.length > 0 ? `; cooling off: ${skipped.open.join(", ")}` : ""}`,
      });
    }
    if (skipped.open.length > 0) {
      return new ProviderError({
        provider,
        kind: "server",
        message: `every translator is cooling off after failures: ${skipped.open.join(", ")}`,
      });
    }
    return new ProviderError({
      provider,
      kind: "unsupported",
      message: `no configured translator translates into ${target}`,
    });
  }

  const formality = chainFormality(links);
  const attributions = [
    ...new Set(links.flatMap((link) => (link.attribution === undefined ? [] : [link.attribution]))),
  ];

  return {
    name: links.map((link) => link.name).join(","),
    real: links.every((link) => link.real),
    ...(attributions.length === 0 ? {} : { attribution: attributions.join(" · ") }),
    ...(formality === undefined ? {} : { formality }),
    links,
    budget,
    translateEach,
    async translateBatch(request) {
      const outcomes = await translateEach(request);
      const failed = outcomes.find((o): o is ProviderError => o instanceof ProviderError);
      if (failed !== undefined) throw failed;
      return outcomes as TranslateResult[];
    },
    async translate(request: TranslateRequest) {
      const { text, ...rest } = request;
      const [outcome] = await translateEach({ ...rest, texts: [text] });
      if (outcome === undefined) throw new Error("no outcome for the text");
      if (outcome instanceof ProviderError) throw outcome;
      return outcome;
    },
    status() {
      return providers.map((provider) => providerStatus(provider));
    },
  };
}
