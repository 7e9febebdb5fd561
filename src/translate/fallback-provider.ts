// Each provider's standing in the fallback chain: its breaker, its counts since start (what
// status() reports), and its monthly budget; and how one attempt's outcomes are booked against them.
import { ProviderError, type ProviderFailure } from "../errors.js";
import type { Logger } from "../log.js";
import type { Breaker, BreakerState } from "./breaker.js";
import { TEXT_FAILURES, type Outcome } from "./fallback-call.js";
import type { ProviderBudget } from "./quota.js";
import type { Translator } from "./types.js";

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

/** A provider in the chain, with its breaker and counts. */
export interface ChainProvider {
  translator: Translator;
  name: string;
  breaker: Breaker;
  stats: Pick<ProviderStatus, "calls" | "failures" | "errors" | "skipped">;
}

export type ChainLogger = Pick<Logger, "warn" | "error">;

/** Failures after which the provider is not tried again until its breaker cools off. */
const TRIPPING: ReadonlySet<ProviderFailure> = new Set(["auth", "quota"]);

export function chainProvider(translator: Translator, breaker: Breaker): ChainProvider {
  return {
    translator,
    name: translator.name,
    breaker,
    stats: { calls: 0, failures: 0, errors: {}, skipped: { open: 0, budget: 0 } },
  };
}

export function providerStatus({ name, breaker, stats }: ChainProvider): ProviderStatus {
  return {
    name,
    breaker: breaker.state(),
    retryInMs: breaker.retryInMs(),
    calls: stats.calls,
    failures: stats.failures,
    errors: { ...stats.errors },
    skipped: { ...stats.skipped },
  };
}

export async function withinBudget(
  provider: ChainProvider,
  budget: ProviderBudget | undefined,
  logger: ChainLogger | undefined,
): Promise<boolean> {
  if (budget === undefined) return true;
  try {
    return await budget.allows(provider.name);
  } catch (error) {
    // The store is down: translating matters more than the budget's last few characters.
    logger?.warn({ err: error, provider: provider.name }, "could not read the provider's budget");
    return true;
  }
}

/** Counts an attempt's failures and tells its breaker how the provider did. */
export function settle(
  provider: ChainProvider,
  outcomes: readonly Outcome[],
  logger: ChainLogger | undefined,
): void {
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

/** Counts the characters the provider translated against its monthly budget. */
export async function record(
  provider: ChainProvider,
  texts: readonly string[],
  outcomes: Outcome[],
  budget: ProviderBudget | undefined,
  logger: ChainLogger | undefined,
): Promise<void> {
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
