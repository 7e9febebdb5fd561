// Injected failures: the next N calls of a method answer with a chosen Telegram error, lose their
// connection without an answer, or answer late; or, given a duration, every call for that long (an
// outage: "Telegram answers 502 for 30 s"). Kept per bot, matched case-insensitively, used up in
// order.
import { setTimeout as sleep } from "node:timers/promises";
import { BotApiError, ClientGone } from "./errors.js";

export type Fault =
  { kind: "error"; error: BotApiError } | { kind: "drop" } | { kind: "delay"; ms: number };

interface Pending {
  method: string;
  remaining: number;
  fault: Fault;
  /** Armed until this instant (the clock's ms), for a fault with a duration. */
  until: number;
}

/** Telegram's usual descriptions, for faults injected without one. */
const DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  420: "Flood",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function faultError(code: number, description?: string, retryAfter?: number): BotApiError {
  const text =
    description ??
    (code === 429
      ? `Too Many Requests: retry after ${retryAfter ?? 1}`
      : (DESCRIPTIONS[code] ?? "Error"));
  return retryAfter === undefined
    ? new BotApiError(code, text)
    : new BotApiError(code, text, { retry_after: retryAfter });
}

/** A delay fault's wait; rejects with ClientGone when the caller goes away first. */
export async function faultDelay(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw new ClientGone();
  }
}

export class FaultList {
  private pending: Pending[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Arms a fault for the next `count` calls of method; with durationMs, only for that long from now
   * (and for every call in it unless a count is given).
   */
  add(method: string, count: number | undefined, fault: Fault, durationMs?: number): void {
    this.pending.push({
      method: method.toLowerCase(),
      remaining: count ?? (durationMs === undefined ? 1 : Infinity),
      fault,
      until: durationMs === undefined ? Infinity : this.now() + durationMs,
    });
  }

  /** The fault for this call of `method`, if one is armed; it is used up. */
  take(method: string): Fault | undefined {
    const name = method.toLowerCase();
    const at = this.now();
    this.pending = this.pending.filter((item) => item.until > at);
    const entry = this.pending.find((item) => item.method === name);
    if (entry === undefined) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.pending.splice(this.pending.indexOf(entry), 1);
    return entry.fault;
  }

  clear(): void {
    this.pending = [];
  }
}
