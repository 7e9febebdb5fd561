// The TRANSLATOR list as one Translator: providers are tried in order of preference, each call with a
// time limit, a provider that keeps failing is skipped for a while (breaker.ts), and one over its
// monthly budget is skipped like an open breaker (quota.ts).
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
import { ProviderError, type ProviderFailure } from "../errors.js";
import type { Logger } from "../log.js";
import { createBreaker, type Breaker, type BreakerOptions, type BreakerState } from "./breaker.js";
import { chainFormality } from "./formality.js";
import type { ProviderBudget } from "./quota.js";
import type { BatchRequest, TranslateRequest, TranslateResult, Translator } from "./types.js";

/** One text's outcome in a batch: its translation, or why it has none. */
export type Outcome = TranslateResult | ProviderError;

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

export interface ProviderStatus {
  name: string;
  breaker: BreakerState;
  /** While the breaker is open: ms until a trial call may go. */
  retryInMs: number;
  /** Calls made (a batch is one call) and how many failed, since start. */
  calls: number;
  failures: number;
  /** Failed texts by kind, since start. */
  errors: Partial<Record<ProviderFailure, number>>;
  /** Texts that skipped the provider: breaker open, or budget spent. */
  skipped: { open: number; budget: number };
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

/** Failures that say something about one text or pair, not about the provider's health. */
const TEXT_FAILURES: ReadonlySet<ProviderFailure> = new Set([
  "same-language",
  "unsupported",
  "too-long",
]);
/** Failures after which the provider is not tried again until its breaker cools off. */
const TRIPPING: ReadonlySet<ProviderFailure> = new Set(["auth", "quota"]);

const DEFAULT_TIMEOUT_MS = 5000;
/** How long a piece of text one HTTP call carries, when the provider does not say. */
const DEFAULT_CALL_CHARS = 5000;

function asProviderError(error: unknown, provider: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError({ provider, kind: "server", message, cause: error });
}

/** The language part of a code ("zh-TW" -> "zh"). */
const base = (code: string) => code.split("-")[0]?.toLowerCase() ?? code;

function supports(translator: Translator, source: string, target: string): boolean {
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
  interface Provider {
    translator: Translator;
    name: string;
    breaker: Breaker;
    stats: Pick<ProviderStatus, "calls" | "failures" | "errors" | "skipped">;
  }
  const providers = links.map((translator): Provider => ({
    translator,
    name: translator.name,
    breaker: createBreaker({ ...options.breaker, ...(options.now ? { now: options.now } : {}) }),
    stats: { calls: 0, failures: 0, errors: {}, skipped: { open: 0, budget: 0 } },
  }));

  async function withinBudget(provider: Provider): Promise<boolean> {
    if (budget === undefined) return true;
    try {
      return await budget.allows(provider.name);
    } catch (error) {
      // The store is down: translating matters more than the budget's last few characters.
      logger?.warn({ err: error, provider: provider.name }, "could not read the provider's budget");
      return true;
    }
  }

  /** One provider, all the given texts: one batch call where it allows, else one call per text. */
  async function attempt(
    provider: Provider,
    texts: readonly string[],
    request: Omit<BatchRequest, "texts">,
  ): Promise<Outcome[]> {
    const { translator, name } = provider;
    const { source, target, formality, signal } = request;
    const asked = formality === undefined ? {} : { formality };
    const limit = timeoutOf(name);
    if (texts.length > 1 && translator.translateBatch !== undefined) {
      const batch = translator.translateBatch.bind(translator);
      try {
        return await withTimeout(name, limit * callsFor(translator, texts), signal, (inner) =>
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
        withTimeout(name, limit * callsFor(translator, [text]), signal, (inner) =>
          translator.translate({ text, source, target, ...asked, signal: inner }),
        ).catch((error: unknown) => {
          if (signal?.aborted) throw error;
          return asProviderError(error, name);
        }),
      ),
    );
  }

  function settle(provider: Provider, outcomes: readonly Outcome[]): void {
    const { breaker, stats, name } = provider;
    const before = breaker.state();
    const failures = outcomes.filter((o): o is ProviderError => o instanceof ProviderError);
    for (const failure of failures)
      stats.errors[failure.kind] = (stats.errors[failure.kind] ?? 0) + 1;
    const unwell = failures.find((failure) => !TEXT_FAILURES.has(failure.kind));
    if (unwell === undefined) {
      breaker.success();
      if (before !== "closed")
        logger?.warn({ provider: name }, "translator is back (breaker closed)");
      return;
    }
    stats.failures++;
    breaker.failure({ trip: TRIPPING.has(unwell.kind) });
    if (unwell.kind === "auth") {
      logger?.error(
        { err: unwell, provider: name },
        `translator ${name} refused babelgram's keys (auth): check its settings; skipping it for now`,
      );
    } else {
      logger?.warn({ err: unwell, provider: name, kind: unwell.kind }, "translator failed");
    }
    if (before === "closed" && breaker.state() !== "closed") {
      logger?.warn(
        { provider: name, retryInMs: breaker.retryInMs() },
        "translator skipped for a while after failing (breaker open)",
      );
    }
  }

  async function record(provider: Provider, texts: readonly string[], outcomes: Outcome[]) {
    if (budget === undefined) return;
    const characters = texts.reduce(
      (sum, text, i) => sum + (outcomes[i] instanceof ProviderError ? 0 : text.length),
      0,
    );
    try {
      await budget.record(provider.name, characters);
    } catch (error) {
      logger?.warn({ err: error, provider: provider.name }, "could not count provider usage");
    }
  }

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
      if (!(await withinBudget(provider))) {
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
        results = await attempt(provider, sent, request);
      } catch (error) {
        // Only the caller's abort gets here: it says nothing about the provider.
        provider.breaker.abandon();
        throw error;
      }
      settle(provider, results);
      await record(provider, sent, results);
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
      return providers.map(({ name, breaker, stats }) => ({
        name,
        breaker: breaker.state(),
        retryInMs: breaker.retryInMs(),
        calls: stats.calls,
        failures: stats.failures,
        errors: { ...stats.errors },
        skipped: { ...stats.skipped },
      }));
    },
  };
}
