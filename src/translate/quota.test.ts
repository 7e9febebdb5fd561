import { describe, expect, it, vi } from "vitest";
import { createMemoryStore } from "../store/memory.js";
import {
  chargeQuota,
  checkQuota,
  createProviderBudget,
  nextUtcMidnight,
  utcDayOf,
  utcMonthOf,
} from "./quota.js";

const T0 = Date.UTC(2026, 0, 31, 22, 30);

function clock(start = T0) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

describe("UTC days and months", () => {
  it("names them and finds the next midnight", () => {
    expect(utcDayOf(T0)).toBe("2026-01-31");
    expect(utcMonthOf(T0)).toBe("2026-01");
    expect(nextUtcMidnight(T0)).toBe(Date.UTC(2026, 1, 1));
    expect(nextUtcMidnight(Date.UTC(2026, 1, 1))).toBe(Date.UTC(2026, 1, 2));
  });
});

describe("provider budget", () => {
  it("counts characters per provider today and this month, and stops a provider at its budget", async () => {
    const time = clock();
    const store = createMemoryStore({ now: time.now });
    const budget = createProviderBudget(store, { monthlyChars: { papago: 100 }, now: time.now });
    expect(await budget.allows("papago")).toBe(true);
    await budget.record("papago", 60);
    await budget.record("deepl", 1000);
    expect(await budget.allows("papago")).toBe(true);
    await budget.record("papago", 40);
    expect(await budget.allows("papago")).toBe(false);
    expect(await budget.allows("deepl")).toBe(true);
    expect(await budget.usage("papago")).toEqual({
      provider: "papago",
      today: 100,
      month: 100,
      monthlyLimit: 100,
    });
    // A new day: today starts again, the month goes on.
    time.advance(2 * 60 * 60 * 1000);
    expect((await budget.usage("deepl")).today).toBe(0);
    // ...but it is also a new month (February): the budget is back.
    expect(await budget.allows("papago")).toBe(true);
    expect(await budget.usage("papago")).toMatchObject({ today: 0, month: 0 });
  });

  it("sees what other instances counted, within 30 seconds", async () => {
    const time = clock(Date.UTC(2026, 0, 10));
    const store = createMemoryStore({ now: time.now });
    const mine = createProviderBudget(store, { monthlyChars: { deepl: 500 }, now: time.now });
    const theirs = createProviderBudget(store, { monthlyChars: { deepl: 500 }, now: time.now });
    expect(await mine.allows("deepl")).toBe(true);
    await theirs.record("deepl", 500);
    time.advance(30_000);
    expect(await mine.allows("deepl")).toBe(false);
  });

  it("reads nothing for a provider without a budget", async () => {
    const store = createMemoryStore();
    const getCounter = vi.spyOn(store, "getCounter");
    const budget = createProviderBudget(store, {});
    expect(await budget.allows("papago")).toBe(true);
    expect(getCounter).not.toHaveBeenCalled();
  });
});

describe("daily quotas", () => {
  const limits = { userDailyChars: 100, chatDailyChars: 150 };
  const ada = { chatId: 1, userId: 1 };

  it("lets a user go until today's count reaches the quota, then tells once a day", async () => {
    const time = clock(Date.UTC(2026, 0, 15, 20));
    const store = createMemoryStore({ now: time.now });
    expect(await checkQuota(store, limits, ada, time.now)).toEqual({ over: false });
    await chargeQuota(store, ada, 99);
    expect((await checkQuota(store, limits, ada, time.now)).over).toBe(false);
    await chargeQuota(store, ada, 1);
    const resetsAt = Date.UTC(2026, 0, 16);
    expect(await checkQuota(store, limits, ada, time.now)).toEqual({
      over: true,
      subject: "user",
      tell: true,
      resetsAt,
    });
    expect(await checkQuota(store, limits, ada, time.now)).toMatchObject({
      over: true,
      tell: false,
    });
    expect(await checkQuota(store, limits, ada, time.now)).toMatchObject({
      over: true,
      tell: false,
    });
    // After 00:00 UTC the quota is back.
    time.advance(4 * 60 * 60 * 1000);
    expect(await checkQuota(store, limits, ada, time.now)).toEqual({ over: false });
  });

  it("stops a chat whose members used its quota together, telling the chat once", async () => {
    const store = createMemoryStore();
    const group = -100;
    await chargeQuota(store, { chatId: group, userId: 2 }, 80);
    await chargeQuota(store, { chatId: group, userId: 3 }, 80);
    const first = await checkQuota(store, limits, { chatId: group, userId: 4 });
    expect(first).toMatchObject({ over: true, subject: "chat", tell: true });
    const second = await checkQuota(store, limits, { chatId: group, userId: 2 });
    expect(second).toMatchObject({ over: true, subject: "chat", tell: false });
  });

  it("tells exactly once when several messages arrive at once", async () => {
    const store = createMemoryStore();
    await chargeQuota(store, ada, 100);
    const checks = await Promise.all(
      Array.from({ length: 10 }, () => checkQuota(store, limits, ada)),
    );
    expect(checks.filter((check) => check.over && check.tell)).toHaveLength(1);
  });

  it("reads nothing when both quotas are 0 (unlimited)", async () => {
    const store = createMemoryStore();
    const getUsage = vi.spyOn(store, "getUsage");
    await chargeQuota(store, ada, 1_000_000);
    expect(await checkQuota(store, { userDailyChars: 0, chatDailyChars: 0 }, ada)).toEqual({
      over: false,
    });
    expect(getUsage).not.toHaveBeenCalled();
  });
});
