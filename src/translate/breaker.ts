// A circuit breaker per translation provider: after a few failures in a row the provider is skipped
// for a cooling-off period instead of making every message wait for its timeout; then one trial call
// decides whether it is back (closed) or still down (open again).

export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerOptions {
  /** Consecutive failures that open the breaker; default 3. */
  failures?: number;
  /** How long an open breaker skips the provider before a trial call; default 60 s. */
  cooldownMs?: number;
  /** The clock, in epoch milliseconds (tests move it by hand); default Date.now. */
  now?: () => number;
}

export interface Breaker {
  /**
   * Whether a call may go to the provider now. An open breaker whose cooling-off period is over
   * lets exactly one trial call through (half-open) and refuses the rest until that call is settled.
   */
  allow(): boolean;
  /** The call worked (or failed in a way that says nothing about the provider's health). */
  success(): void;
  /** The call failed; `trip` opens the breaker at once (wrong keys, quota used up). */
  failure(options?: { trip?: boolean }): void;
  /** The call was not made or was cancelled by the caller: it says nothing either way. */
  abandon(): void;
  state(): BreakerState;
  /** While open: milliseconds until the trial call may go; else 0. */
  retryInMs(): number;
}

export const BREAKER_FAILURES = 3;
export const BREAKER_COOLDOWN_MS = 60_000;

export function createBreaker(options: BreakerOptions = {}): Breaker {
  const threshold = options.failures ?? BREAKER_FAILURES;
  const cooldownMs = options.cooldownMs ?? BREAKER_COOLDOWN_MS;
  const now = options.now ?? Date.now;
  let failures = 0;
  let openedAt: number | undefined;
  let trial = false;

  const open = () => {
    openedAt = now();
    trial = false;
  };

  return {
    allow() {
      if (openedAt === undefined) return true;
      if (trial || now() < openedAt + cooldownMs) return false;
      trial = true;
      return true;
    },
    success() {
      failures = 0;
      openedAt = undefined;
      trial = false;
    },
    failure({ trip = false } = {}) {
      failures++;
      // A failed trial opens it again for a whole period; so does a failure of a call that was
      // already in flight when the breaker opened.
      if (trip || trial || openedAt !== undefined || failures >= threshold) open();
    },
    abandon() {
      // A trial that never happened: the next call may try instead.
      trial = false;
    },
    state() {
      if (openedAt === undefined) return "closed";
      return trial || now() >= openedAt + cooldownMs ? "half-open" : "open";
    },
    retryInMs() {
      return openedAt === undefined ? 0 : Math.max(0, openedAt + cooldownMs - now());
    },
  };
}
