// Who is handling which update. Telegram delivers every update at least once; a claim turns that into
// "handled once": the webhook core claims an update before running the bot, and marks it done after.
// This file holds the contract and the in-process implementation; the store (PostgreSQL, DynamoDB)
// provides claims shared by several instances.

export type ClaimResult =
  /** The caller holds the update now and must finish or release it. */
  | "claimed"
  /** Handled before: acknowledge the delivery without running the bot again. */
  | "done"
  /** Another worker holds a live lease on it: ask Telegram to come back later. */
  | "busy";

export interface UpdateClaims {
  /** Takes the update for leaseMs unless it is done or another worker's lease is still live. */
  claim(updateId: number, options: { leaseMs: number }): Promise<ClaimResult>;
  /** The update's replies are sent (or it was given up for good): re-deliveries are acknowledged. */
  finish(updateId: number): Promise<void>;
  /** Handling stopped early (budget, shutdown, a retryable failure): the next delivery may claim it. */
  release(updateId: number): Promise<void>;
}

export interface MemoryClaimsOptions {
  /** How long a finished update is remembered; Telegram gives up re-sending after about a day. */
  keepMs?: number;
  now?: () => number;
}

/** Claims that live in this process: enough for one server; lost on restart. */
export function createMemoryClaims(options: MemoryClaimsOptions = {}): UpdateClaims {
  const keepMs = options.keepMs ?? 25 * 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  // updateId -> the time until which the entry holds (lease end, or keep-until once done).
  const leases = new Map<number, number>();
  const finished = new Map<number, number>();

  function expire(at: number): void {
    // Maps iterate in insertion order, which is (nearly) expiry order: stop at the first live entry.
    for (const [id, until] of finished) {
      if (until > at) break;
      finished.delete(id);
    }
  }

  return {
    claim(updateId, { leaseMs }) {
      const at = now();
      expire(at);
      if (finished.has(updateId)) return Promise.resolve("done");
      const lease = leases.get(updateId);
      if (lease !== undefined && lease > at) return Promise.resolve("busy");
      leases.set(updateId, at + leaseMs);
      return Promise.resolve("claimed");
    },
    finish(updateId) {
      leases.delete(updateId);
      finished.set(updateId, now() + keepMs);
      return Promise.resolve();
    },
    release(updateId) {
      leases.delete(updateId);
      return Promise.resolve();
    },
  };
}
