// Waiting that a shutdown can cut short, and capped exponential backoff with jitter.
import { setTimeout as delay } from "node:timers/promises";

/** Resolves after ms, or at once when the signal aborts (never rejects). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  await delay(ms, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);
}

export interface Backoff {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, capMs: 30_000 };

/**
 * The wait before retry number `attempt` (1-based): exponential, capped, and jittered over its upper
 * half so that many clients recovering from the same outage do not retry in lockstep.
 */
export function backoffDelay(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
