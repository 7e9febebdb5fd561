// What every backend shares: how long things are kept, how keys are made, and how errors are told.
import { createHash } from "node:crypto";
import { StoreError } from "../errors.js";
import type { ChatSettings, TranslationKey, UsageSubject } from "./types.js";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** A finished update is remembered this long; Telegram stops re-sending after about a day. */
export const FINISHED_KEEP_MS = 25 * HOUR_MS;
/** Links from a user's message to the bot's replies, unless linkReplies is given a ttl. */
export const REPLY_LINK_KEEP_MS = 30 * DAY_MS;
/** Daily usage counters, counted from their last change. */
export const USAGE_KEEP_MS = 40 * DAY_MS;
/** SQL backends delete expired rows at most this often (by the store's clock). */
export const PURGE_EVERY_MS = 10 * 60 * 1000;

/** sha256 of the cache key's parts, hex; the parts are JSON-encoded so that none can run into another. */
export function translationKeyHash(key: TranslationKey): string {
  return createHash("sha256")
    .update(JSON.stringify([key.provider, key.source, key.target, key.text]))
    .digest("hex");
}

/** The UTC day of an instant, YYYY-MM-DD. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

export function checkDay(day: string): string {
  if (!DAY_SHAPE.test(day)) throw new StoreError({ message: `not a day (YYYY-MM-DD): ${day}` });
  return day;
}

export function usageSubject(subject: UsageSubject): { kind: "chat" | "user"; id: number } {
  return "chatId" in subject
    ? { kind: "chat", id: subject.chatId }
    : { kind: "user", id: subject.userId };
}

/** Merges a settings patch; fields given as undefined are removed. */
export function mergeSettings(current: ChatSettings, patch: ChatSettings): ChatSettings {
  const merged: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) delete merged[field];
    else merged[field] = value;
  }
  return merged;
}

/**
 * A driver error made fit to show: never empty (Node's AggregateError for a refused connection has
 * no message) and without the given secrets (a password). The original is kept as its cause when it
 * was safe to keep.
 */
export function safeCause(error: unknown, secrets: readonly string[] = []): Error {
  let message = error instanceof Error ? error.message : String(error);
  if (message === "" && error instanceof AggregateError) {
    message = error.errors.map((inner) => (inner instanceof Error ? inner.message : "")).join("; ");
  }
  if (message === "" && error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    message = typeof code === "string" ? code : error.name;
  }
  const leaks = secrets.some((secret) => secret !== "" && message.includes(secret));
  for (const secret of secrets) if (secret !== "") message = message.split(secret).join("***");
  if (!leaks && error instanceof Error && error.message === message) return error;
  return leaks ? new Error(message) : new Error(message, { cause: error });
}

/** A positive whole number of milliseconds, or a StoreError. */
export function checkMs(name: string, ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new StoreError({ message: `${name} must be a positive number of milliseconds` });
  }
  return Math.ceil(ms);
}

/** Counter names are 1-200 characters without control characters (they become keys and rows). */
export function checkCounter(name: string, amount = 0): void {
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new StoreError({
      message: "a counter name must be 1-200 characters without control characters",
    });
  }
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new StoreError({ message: "a counter grows by a whole number of at least 0" });
  }
}

/** Usage is counted in whole, non-negative amounts. */
export function checkUsage(delta: { characters: number; requests: number }): void {
  for (const [name, amount] of Object.entries({
    characters: delta.characters,
    requests: delta.requests,
  })) {
    if (!Number.isSafeInteger(amount) || amount < 0) {
      throw new StoreError({ message: `usage ${name} must be a whole number of at least 0` });
    }
  }
}
