import { describe, expect, it } from "vitest";
import { formatStats } from "./stats.js";
import { texts } from "./i18n/index.js";

describe("/stats text", () => {
  it("shows the hit rate, characters per provider with budgets, errors and breakers", () => {
    const text = formatStats({
      cache: { hits: 3, misses: 1 },
      providers: [
        {
          name: "papago",
          breaker: "open",
          retryInMs: 41_200,
          calls: 7,
          failures: 3,
          errors: { timeout: 2, server: 1 },
          skipped: { open: 4, budget: 0 },
        },
        {
          name: "deepl",
          breaker: "closed",
          retryInMs: 0,
          calls: 5,
          failures: 0,
          errors: {},
          skipped: { open: 0, budget: 0 },
        },
      ],
      usage: new Map([
        ["papago", { provider: "papago", today: 1200, month: 34_000, monthlyLimit: 0 }],
        ["deepl", { provider: "deepl", today: 50, month: 400_000, monthlyLimit: 500_000 }],
      ]),
      quotas: { userDailyChars: 20_000, chatDailyChars: 0 },
    });
    expect(text.split("\n")).toEqual([
      "Cache: 75% hits (3 of 4 since start).",
      "",
      "Characters sent, today / this month (UTC):",
      "• papago: 1,200 / 34,000",
      "• deepl: 50 / 400,000 of 500,000",
      "",
      "Since start: calls, errors, breaker:",
      "• papago: 7 calls, timeout 2, server 1; breaker open, retry in 42 s; 4 texts skipped",
      "• deepl: 5 calls, no errors; breaker closed",
      "",
      "Daily quotas: 20,000 per user, unlimited per chat.",
    ]);
  });

  it("says when nothing was translated yet and usage is not counted", () => {
    const text = formatStats({
      cache: { hits: 0, misses: 0 },
      providers: [
        {
          name: "pseudo",
          breaker: "closed",
          retryInMs: 0,
          calls: 0,
          failures: 0,
          errors: {},
          skipped: { open: 0, budget: 0 },
        },
      ],
      usage: new Map(),
      quotas: undefined,
    });
    expect(text).toContain("Cache: nothing translated since start.");
    expect(text).toContain("• pseudo: not counted");
  });
});

describe("the over-quota notice", () => {
  const now = Date.UTC(2026, 0, 15, 20, 40);
  const midnight = Date.UTC(2026, 0, 16);

  it("says when the quota resets, in English and Korean", () => {
    expect(texts("en").overQuota(midnight, now)).toBe(
      "You've reached today's translation limit, sorry. It resets at 00:00 UTC (in about 3 h 20 min); until then I'll stay quiet.",
    );
    expect(texts("ko").overQuota(midnight, now)).toContain("00:00 UTC(약 3시간 20분 후)");
    expect(texts("en").overQuota(midnight, midnight - 30_000)).toContain("in about 1 min");
  });
});
