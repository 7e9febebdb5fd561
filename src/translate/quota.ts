// Cost limits, counted in the store so that they hold across restarts and instances:
// - a daily character quota per user and per chat (UTC days), counted with store.addUsage;
// - a monthly character budget per provider, and the characters sent to each provider today and
//   this month (for /stats), counted with the store's named counters.
//
// What counts: the characters of every text a provider was asked to translate and translated (the
// normalised text, see cache.ts). Cache hits are free, for the user and for the provider budget; a
// failed call is not counted (providers do not bill for errors). A user or chat is over quota once
// today's count has reached the quota: the message that crosses the line is still translated, so the
// overshoot is at most one message (4096 characters).
import type { Store } from "../store/types.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Day counters are kept a little over a month, month counters a little over a year. */
const DAY_COUNTER_KEEP_MS = 40 * DAY_MS;
const MONTH_COUNTER_KEEP_MS = 400 * DAY_MS;
/** How long a provider's month total read from the store is trusted before it is read again. */
const BUDGET_REFRESH_MS = 30_000;

/** YYYY-MM-DD of an instant, UTC. */
export function utcDayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** YYYY-MM of an instant, UTC. */
export function utcMonthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** The next 00:00 UTC after an instant: when daily quotas reset. */
export function nextUtcMidnight(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

export interface ProviderUsage {
  provider: string;
  /** Characters sent today and this month (UTC). */
  today: number;
  month: number;
  /** The monthly budget; 0 for none. */
  monthlyLimit: number;
}

export interface ProviderBudget {
  /** Whether the provider is within its monthly budget (always, when it has none). */
  allows(provider: string): Promise<boolean>;
  /** Counts characters the provider translated, today and this month. */
  record(provider: string, characters: number): Promise<void>;
  usage(provider: string): Promise<ProviderUsage>;
}

type CounterStore = Pick<Store, "addToCounter" | "getCounter">;

const dayCounter = (provider: string, ms: number) => `provider-chars:${provider}:${utcDayOf(ms)}`;
const monthCounter = (provider: string, ms: number) =>
  `provider-chars:${provider}:${utcMonthOf(ms)}`;

/**
 * Monthly budgets per provider (characters; 0 or absent means none). The month's total is read from
 * the store at most every 30 s and updated by every count, so several instances share one budget;
 * calls already in flight when it runs out may overshoot it a little.
 */
export function createProviderBudget(
  store: CounterStore,
  options: { monthlyChars?: Readonly<Record<string, number>>; now?: () => number } = {},
): ProviderBudget {
  const now = options.now ?? Date.now;
  const limits = options.monthlyChars ?? {};
  const known = new Map<string, { month: string; total: number; readAt: number }>();

  async function monthTotal(provider: string): Promise<number> {
    const at = now();
    const month = utcMonthOf(at);
    const cached = known.get(provider);
    if (cached?.month === month && at - cached.readAt < BUDGET_REFRESH_MS) return cached.total;
    const total = await store.getCounter(monthCounter(provider, at));
    known.set(provider, { month, total, readAt: at });
    return total;
  }

  return {
    async allows(provider) {
      const limit = limits[provider] ?? 0;
      if (limit <= 0) return true;
      return (await monthTotal(provider)) < limit;
    },
    async record(provider, characters) {
      if (characters <= 0) return;
      const at = now();
      const [, month] = await Promise.all([
        store.addToCounter(dayCounter(provider, at), characters, { ttlMs: DAY_COUNTER_KEEP_MS }),
        store.addToCounter(monthCounter(provider, at), characters, {
          ttlMs: MONTH_COUNTER_KEEP_MS,
        }),
      ]);
      known.set(provider, { month: utcMonthOf(at), total: month, readAt: at });
    },
    async usage(provider) {
      const at = now();
      const [today, month] = await Promise.all([
        store.getCounter(dayCounter(provider, at)),
        store.getCounter(monthCounter(provider, at)),
      ]);
      return { provider, today, month, monthlyLimit: limits[provider] ?? 0 };
    },
  };
}

/** Daily quotas in characters; 0 means unlimited. */
export interface QuotaLimits {
  userDailyChars: number;
  chatDailyChars: number;
}

export const DEFAULT_QUOTAS: QuotaLimits = { userDailyChars: 20_000, chatDailyChars: 100_000 };

export type QuotaCheck =
  | { over: false }
  | {
      over: true;
      /** Whose quota is used up. */
      subject: "user" | "chat";
      /** true for the first message over quota of the day: the one to answer with a notice. */
      tell: boolean;
      /** When the quota resets (00:00 UTC), epoch ms. */
      resetsAt: number;
    };

type QuotaStore = Pick<Store, "getUsage" | "addUsage" | "addToCounter">;

/**
 * Whether a user (in a chat) may have another message translated today. When not, `tell` is true
 * exactly once per user (or chat) and UTC day, also across instances: the store's counter decides.
 */
export async function checkQuota(
  store: QuotaStore,
  limits: QuotaLimits,
  who: { chatId: number; userId: number },
  now: () => number = Date.now,
): Promise<QuotaCheck> {
  const { userDailyChars, chatDailyChars } = limits;
  if (userDailyChars <= 0 && chatDailyChars <= 0) return { over: false };
  const [user, chat] = await Promise.all([
    userDailyChars > 0 ? store.getUsage({ userId: who.userId }) : undefined,
    chatDailyChars > 0 ? store.getUsage({ chatId: who.chatId }) : undefined,
  ]);
  const subject =
    user !== undefined && user.characters >= userDailyChars
      ? "user"
      : chat !== undefined && chat.characters >= chatDailyChars
        ? "chat"
        : undefined;
  if (subject === undefined) return { over: false };
  const at = now();
  const id = subject === "user" ? who.userId : who.chatId;
  const told = await store.addToCounter(`quota-told:${subject}:${id}:${utcDayOf(at)}`, 1, {
    ttlMs: 2 * DAY_MS,
  });
  return { over: true, subject, tell: told === 1, resetsAt: nextUtcMidnight(at) };
}

/** Counts a translated message against today's quotas of the user and the chat. */
export async function chargeQuota(
  store: QuotaStore,
  who: { chatId: number; userId: number },
  characters: number,
): Promise<void> {
  await store.addUsage({ chatId: who.chatId, userId: who.userId, characters, requests: 1 });
}
