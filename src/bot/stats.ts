// /stats, for the bot's admins (ADMIN_USER_IDS) only; anyone else gets no answer, as for any command
// the bot does not know. It shows the cache hit rate and the providers' errors and breakers since
// this process started, and the characters sent to each provider today and this month (UTC, from the
// store, so across restarts and instances).
import type { Composer, Context } from "grammy";
import type { ProviderStatus } from "../translate/fallback.js";
import type { ProviderUsage } from "../translate/quota.js";
import type { BotDeps } from "./index.js";
import type { ProviderMonitor, Translation } from "./translate-message.js";

const number = (value: number) => value.toLocaleString("en-US");

function isMonitor(value: unknown): value is ProviderMonitor {
  return typeof (value as Partial<ProviderMonitor> | undefined)?.status === "function";
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

export interface StatsFacts {
  cache: { hits: number; misses: number };
  providers: ProviderStatus[];
  /** Per provider, when counted in the store. */
  usage: Map<string, ProviderUsage>;
  quotas: { userDailyChars: number; chatDailyChars: number } | undefined;
}

/** The /stats text: plain, a few short lines. */
export function formatStats(facts: StatsFacts): string {
  const { hits, misses } = facts.cache;
  const asked = hits + misses;
  const lines = [
    asked === 0
      ? "Cache: nothing translated since start."
      : `Cache: ${Math.round((hits / asked) * 100)}% hits (${number(hits)} of ${number(asked)} since start).`,
  ];
  if (facts.providers.length > 0) {
    lines.push("", "Characters sent, today / this month (UTC):");
    for (const { name } of facts.providers) {
      const usage = facts.usage.get(name);
      if (usage === undefined) lines.push(`• ${name}: not counted`);
      else {
        const budget = usage.monthlyLimit > 0 ? ` of ${number(usage.monthlyLimit)}` : "";
        lines.push(`• ${name}: ${number(usage.today)} / ${number(usage.month)}${budget}`);
      }
    }
    lines.push("", "Since start: calls, errors, breaker:");
    for (const status of facts.providers) {
      const errors = Object.entries(status.errors)
        .map(([kind, count]) => `${kind} ${number(count)}`)
        .join(", ");
      const breaker =
        status.breaker === "open" ? `open, retry in ${seconds(status.retryInMs)}` : status.breaker;
      const skipped = status.skipped.open + status.skipped.budget;
      lines.push(
        `• ${status.name}: ${number(status.calls)} calls, ${errors === "" ? "no errors" : errors}; breaker ${breaker}${skipped > 0 ? `; ${number(skipped)} texts skipped` : ""}`,
      );
    }
  }
  if (facts.quotas !== undefined) {
    const limit = (value: number) => (value > 0 ? number(value) : "unlimited");
    lines.push(
      "",
      `Daily quotas: ${limit(facts.quotas.userDailyChars)} per user, ${limit(facts.quotas.chatDailyChars)} per chat.`,
    );
  }
  return lines.join("\n");
}

export function registerStats(
  bot: Composer<Context>,
  deps: BotDeps,
  translation: Translation,
): void {
  const admins = new Set(translation.settings.adminUserIds ?? []);
  bot.command("stats", async (ctx) => {
    if (ctx.from === undefined || !admins.has(ctx.from.id)) return;
    const monitor =
      translation.settings.monitor ?? (isMonitor(deps.translator) ? deps.translator : undefined);
    const providers = monitor?.status() ?? [];
    const usage = new Map<string, ProviderUsage>();
    const budget = monitor?.budget;
    if (budget !== undefined) {
      const counted = await Promise.all(
        providers.map(({ name }) =>
          budget.usage(name).catch((error: unknown) => {
            deps.logger.warn({ err: error, provider: name }, "could not read provider usage");
            return undefined;
          }),
        ),
      );
      for (const found of counted) if (found !== undefined) usage.set(found.provider, found);
    }
    await ctx.reply(
      formatStats({
        cache: translation.cache.stats(),
        providers,
        usage,
        quotas: translation.settings.quotas,
      }),
    );
  });
}
