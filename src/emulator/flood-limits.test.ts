// Telegram's flood limits, off by default: per chat (bursts of 3, then 1 a second), per group (20 a
// minute) and per bot (30 a second), answered with 429 and retry_after; the rates are measured.
import { GrammyError } from "grammy";
import { describe, expect, it } from "vitest";
import { useEmulator } from "./test-emulator.js";

const SECOND = 1000;

/** The error a call failed with, or undefined when it succeeded. */
async function refusal(call: Promise<unknown>): Promise<GrammyError | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    if (error instanceof GrammyError) return error;
    throw error;
  }
}

describe("with the real clock", () => {
  const env = useEmulator({ user: { first_name: "Flood" } });

  it("is off by default, but still measures the rates", async () => {
    for (let i = 0; i < 6; i++) await env.api.sendMessage(env.user.id, `m${i}`);
    expect(await env.client.floodLimits()).toEqual({
      enabled: false,
      time_scale: 1,
      violations: 0,
      violations_by_limit: { chat: 0, group: 0, global: 0 },
      max_per_chat_per_second: 6,
      max_per_chat_per_minute: 6,
      max_per_group_per_minute: 0,
      max_per_second: 6,
    });
  });

  it("refuses a burst into one chat with 429 and retry_after, and counts it", async () => {
    expect((await env.client.setFloodLimits(true)).enabled).toBe(true);
    const outcomes = [];
    for (let i = 0; i < 5; i++)
      outcomes.push(await refusal(env.api.sendMessage(env.user.id, `b${i}`)));
    expect(outcomes.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(outcomes[3]).toMatchObject({
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    const limits = await env.client.floodLimits();
    expect(limits).toMatchObject({ enabled: true, violations: 2, max_per_chat_per_second: 3 });
    expect(limits.violations_by_limit.chat).toBe(2);
    expect((await env.client.sent({ chat_id: env.user.id })).map((m) => m.text)).toEqual([
      "b0",
      "b1",
      "b2",
    ]);
    const [call] = (await env.client.calls({ method: "sendMessage" })).slice(-1);
    expect(call).toMatchObject({ ok: false, error_code: 429 });
  });

  it("counts only sending methods, and reset switches limits back to the option", async () => {
    await env.client.setFloodLimits(true);
    for (let i = 0; i < 5; i++) await env.api.getMe();
    expect((await env.client.floodLimits()).violations).toBe(0);
    await env.client.reset();
    expect((await env.client.floodLimits()).enabled).toBe(false);
    await expect(env.client.setFloodLimits("yes" as unknown as boolean)).rejects.toThrow(/enabled/);
  });

  it("takes a time scale, which reset returns to the option's", async () => {
    expect(await env.client.setFloodLimits(true, { timeScale: 0.05 })).toMatchObject({
      enabled: true,
      time_scale: 0.05,
    });
    await expect(env.client.setFloodLimits(true, { timeScale: 0 })).rejects.toThrow(/time_scale/);
    await expect(env.client.setFloodLimits(true, { timeScale: 1000 })).rejects.toThrow(
      /time_scale/,
    );
    await env.client.reset();
    expect(await env.client.floodLimits()).toMatchObject({ enabled: false, time_scale: 1 });
  });
});

describe("with a test clock and a time scale of 0.05", () => {
  let now = 1_700_000_000_000;
  const env = useEmulator({ now: () => now, floodLimits: true, floodTimeScale: 0.05 });
  const scaled = (ms: number) => ms * 0.05;

  it("shortens every window alike: the chat's second, the group's minute, the bot's second", async () => {
    expect((await env.client.floodLimits()).time_scale).toBe(0.05);
    const user = await env.client.createUser({ first_name: "Fast" });
    const group = await env.client.createGroup({ title: "Fast", member_ids: [user.id] });
    // A chat: the burst of 3, then one per scaled second (50 ms); retry_after stays in seconds.
    for (let i = 0; i < 3; i++) {
      expect(await refusal(env.api.sendMessage(user.id, `c${i}`))).toBeUndefined();
    }
    const early = await refusal(env.api.sendMessage(user.id, "c3"));
    expect(early).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    now += scaled(SECOND);
    expect(await refusal(env.api.sendMessage(user.id, "c3"))).toBeUndefined();

    // A group: 20 per scaled minute (3 s), whatever the spacing within it.
    const start = now;
    for (let i = 0; i < 20; i++) {
      expect(await refusal(env.api.sendMessage(group.id, `g${i}`))).toBeUndefined();
      now += scaled(1500);
    }
    expect(await refusal(env.api.sendMessage(group.id, "g20"))).toMatchObject({
      error_code: 429,
    });
    now = start + scaled(60 * SECOND) + 1;
    expect(await refusal(env.api.sendMessage(group.id, "g20"))).toBeUndefined();

    const limits = await env.client.floodLimits();
    expect(limits.violations_by_limit).toEqual({ chat: 1, group: 1, global: 0 });
    expect(limits.max_per_group_per_minute).toBe(20);
    expect(limits.max_per_chat_per_second).toBe(3);
  });

  it("allows 30 sends in a scaled second across chats", async () => {
    const users = [];
    for (let i = 0; i < 31; i++) users.push(await env.client.createUser({ first_name: `S${i}` }));
    for (const user of users.slice(0, 30)) {
      expect(await refusal(env.api.sendMessage(user.id, "all"))).toBeUndefined();
    }
    const last = users[30]?.id ?? 0;
    expect(await refusal(env.api.sendMessage(last, "all"))).toMatchObject({ error_code: 429 });
    now += scaled(SECOND);
    expect(await refusal(env.api.sendMessage(last, "all"))).toBeUndefined();
    expect((await env.client.floodLimits()).violations_by_limit.global).toBe(1);
  });
});

describe("with a test clock", () => {
  let now = 1_700_000_000_000;
  const env = useEmulator({ now: () => now, floodLimits: true });

  /** Sends like a well-behaved bot: on 429 it waits retry_after (on the test clock) and retries. */
  async function politeSend(chatId: number, text: string): Promise<number> {
    let refusals = 0;
    for (;;) {
      const error = await refusal(env.api.sendMessage(chatId, text));
      if (error === undefined) return refusals;
      expect(error.error_code).toBe(429);
      const retryAfter = error.parameters.retry_after ?? 0;
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      refusals++;
      now += retryAfter * SECOND;
    }
  }

  it("is on with the floodLimits option, and a sender that waits gets everything through", async () => {
    expect((await env.client.floodLimits()).enabled).toBe(true);
    const user = await env.client.createUser({ first_name: "Polite" });
    let refusals = 0;
    for (let i = 0; i < 8; i++) refusals += await politeSend(user.id, `p${i}`);
    expect((await env.client.sent({ chat_id: user.id })).map((m) => m.text)).toEqual(
      Array.from({ length: 8 }, (_, i) => `p${i}`),
    );
    const limits = await env.client.floodLimits();
    expect(refusals).toBe(5);
    expect(limits.violations).toBe(refusals);
    expect(limits.max_per_chat_per_second).toBeLessThanOrEqual(3);
  });

  it("allows 20 messages a minute in a group, and says when the next may go", async () => {
    const user = await env.client.createUser({ first_name: "Member" });
    const group = await env.client.createGroup({ title: "G", member_ids: [user.id] });
    const start = now;
    for (let i = 0; i < 20; i++) {
      expect(await refusal(env.api.sendMessage(group.id, `g${i}`))).toBeUndefined();
      now += 1500;
    }
    // 30 s into the minute: the first message leaves the window at start + 60 s.
    const error = await refusal(env.api.sendMessage(group.id, "one too many"));
    expect(error?.parameters.retry_after).toBe((start + 60 * SECOND - now) / SECOND);
    const limits = await env.client.floodLimits();
    expect(limits).toMatchObject({ violations: 1, max_per_group_per_minute: 20 });
    expect(limits.violations_by_limit).toEqual({ chat: 0, group: 1, global: 0 });
    now = start + 60 * SECOND + 1;
    expect(await refusal(env.api.sendMessage(group.id, "now it fits"))).toBeUndefined();
  });

  it("allows 30 messages a second across chats", async () => {
    const users = [];
    for (let i = 0; i < 31; i++) users.push(await env.client.createUser({ first_name: `U${i}` }));
    for (const user of users.slice(0, 30)) {
      expect(await refusal(env.api.sendMessage(user.id, "broadcast"))).toBeUndefined();
    }
    const error = await refusal(env.api.sendMessage(users[30]?.id ?? 0, "broadcast"));
    expect(error).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    const limits = await env.client.floodLimits();
    expect(limits.violations_by_limit.global).toBe(1);
    expect(limits.max_per_second).toBe(30);
    now += SECOND;
    expect(await refusal(env.api.sendMessage(users[30]?.id ?? 0, "broadcast"))).toBeUndefined();
  });
});
