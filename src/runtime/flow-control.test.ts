// Flow control on a fake clock, against a fake Telegram that counts with the emulator's own flood
// limiter: pacing per chat, group and bot, order per chat, waits cut by signals and deadlines, 429s
// waited out up to the cap, and retries only where nothing can have been sent.
import { HttpError } from "grammy";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FloodLimiter } from "../emulator/flood-limits.js";
import { BotApiError } from "../emulator/errors.js";
import { flowControl, SendDeferredError, type FlowControlOptions } from "./flow-control.js";
import { runInUpdate } from "./update-context.js";
import { RateLimiter, TELEGRAM_LIMITS } from "./rate-limiter.js";

interface Answer {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}
interface Call {
  method: string;
  chatId: number | undefined;
  text: string | undefined;
  at: number;
}
type Prev = (
  method: string,
  payload: Record<string, unknown>,
  signal?: AbortSignal,
) => Promise<Answer>;
type Loose = (
  prev: Prev,
  method: string,
  payload: Record<string, unknown>,
  signal?: AbortSignal,
) => Promise<Answer>;

/**
 * A Telegram that enforces the flood limits exactly as the emulator does (429 on a violation, and
 * counted); `script` may answer a call differently first.
 */
function fakeTelegram(
  script?: (call: Call, index: number) => Answer | Error | undefined,
  timeScale = 1,
) {
  const flood = new FloodLimiter(true);
  flood.timeScale = timeScale;
  const calls: Call[] = [];
  const prev: Prev = (method, payload) => {
    const chatId = typeof payload.chat_id === "number" ? payload.chat_id : undefined;
    const call: Call = {
      method,
      chatId,
      text: typeof payload.text === "string" ? payload.text : undefined,
      at: Date.now(),
    };
    calls.push(call);
    const scripted = script?.(call, calls.length - 1);
    if (scripted instanceof Error) return Promise.reject(scripted);
    if (scripted !== undefined) return Promise.resolve(scripted);
    if (method.startsWith("send")) {
      const target = { ...(chatId === undefined ? {} : { chatId }), group: (chatId ?? 0) < 0 };
      try {
        flood.check(target, Date.now());
      } catch (error) {
        if (!(error instanceof BotApiError)) throw error;
        return Promise.resolve({
          ok: false,
          error_code: error.code,
          description: error.description,
          ...(error.parameters === undefined ? {} : { parameters: error.parameters }),
        });
      }
      flood.record(target, Date.now());
    }
    return Promise.resolve({ ok: true, result: { message_id: calls.length } });
  };
  return { calls, prev, flood, sends: () => calls.filter((c) => c.method === "sendMessage") };
}

function setup(options: FlowControlOptions = {}, script?: Parameters<typeof fakeTelegram>[0]) {
  const telegram = fakeTelegram(script, options.timeScale);
  const transformer = flowControl({
    backoff: { baseMs: 100, capMs: 400 },
    ...options,
  }) as unknown as Loose;
  const send = (chatId: number, text: string, signal?: AbortSignal) =>
    transformer(telegram.prev, "sendMessage", { chat_id: chatId, text }, signal);
  const call = (method: string, payload: Record<string, unknown> = {}) =>
    transformer(telegram.prev, method, payload);
  /** The chat's burst of 3, used up. */
  const burst = async (chatId: number) => {
    const sent = Promise.all([0, 1, 2].map((i) => send(chatId, `burst ${i}`)));
    await vi.advanceTimersByTimeAsync(20);
    await sent;
  };
  return { ...telegram, send, call, burst };
}

const refused429 = (retryAfter: number): Answer => ({
  ok: false,
  error_code: 429,
  description: `Too Many Requests: retry after ${retryAfter}`,
  parameters: { retry_after: retryAfter },
});

/** Settles a promise's outcome without letting a rejection go unhandled while time runs. */
function settle<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error: unknown) => Object.assign(state, { error, done: true }),
  );
  return state;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("pacing", () => {
  it("lets a burst of 3 into a chat, then one a second, in the order they were asked", async () => {
    const t = setup();
    const start = Date.now();
    const all = Promise.all(Array.from({ length: 8 }, (_, i) => t.send(42, `m${i}`)));
    await vi.advanceTimersByTimeAsync(10_000);
    const answers = await all;
    expect(answers.every((answer) => answer.ok)).toBe(true);
    expect(t.sends().map((c) => c.text)).toEqual(Array.from({ length: 8 }, (_, i) => `m${i}`));
    const offsets = t.sends().map((c) => c.at - start);
    for (const offset of offsets.slice(0, 3)) expect(offset).toBeLessThanOrEqual(10);
    for (let i = 3; i < 8; i++) {
      expect(offsets[i]).toBeGreaterThanOrEqual((i - 2) * 1000);
      expect((offsets[i] ?? 0) - (offsets[i - 1] ?? 0)).toBeGreaterThanOrEqual(
        i === 3 ? 1000 : 1000,
      );
    }
    expect(t.flood.view().violations).toBe(0);
  });

  it("keeps a group to 20 a minute", async () => {
    const t = setup();
    const group = -1_002_000_000_001;
    const all = Promise.all(Array.from({ length: 25 }, (_, i) => t.send(group, `g${i}`)));
    await vi.advanceTimersByTimeAsync(120_000);
    await all;
    const sends = t.sends();
    expect(sends.map((c) => c.text)).toEqual(Array.from({ length: 25 }, (_, i) => `g${i}`));
    const first = sends[0]?.at ?? 0;
    // The 21st waits until the first has left the minute; the 20 before it were paced a second apart.
    expect((sends[20]?.at ?? 0) - first).toBeGreaterThanOrEqual(60_000);
    expect((sends[19]?.at ?? 0) - first).toBeLessThan(60_000);
    expect(t.flood.view()).toMatchObject({ violations: 0, max_per_group_per_minute: 20 });
  });

  it("keeps the bot to 30 a second across chats, first come first served", async () => {
    const t = setup();
    const start = Date.now();
    const all = Promise.all(Array.from({ length: 45 }, (_, i) => t.send(1000 + i, `to ${i}`)));
    await vi.advanceTimersByTimeAsync(5000);
    await all;
    const sends = t.sends();
    expect(sends.map((c) => c.chatId)).toEqual(Array.from({ length: 45 }, (_, i) => 1000 + i));
    expect(sends.filter((c) => c.at - start < 1000)).toHaveLength(30);
    expect(t.flood.view()).toMatchObject({ violations: 0, max_per_second: 30 });
  });

  it("does not pace other methods, and leaves getUpdates alone", async () => {
    const t = setup({}, (call) => (call.method === "getUpdates" ? refused429(5) : undefined));
    const answers = await Promise.all(Array.from({ length: 50 }, () => t.call("getMe")));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    // A 429 on getUpdates is the poller's to wait out: passed on at once, not retried.
    expect(await t.call("getUpdates", { offset: 1 })).toMatchObject({ error_code: 429 });
    expect(t.calls.filter((c) => c.method === "getUpdates")).toHaveLength(1);
  });

  it("scales its windows with timeScale", async () => {
    const t = setup({ timeScale: 0.01 });
    const all = Promise.all(Array.from({ length: 6 }, (_, i) => t.send(7, `s${i}`)));
    await vi.advanceTimersByTimeAsync(100);
    await all;
    const [first, , , fourth] = t.sends();
    expect((fourth?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(10);
    expect((fourth?.at ?? 0) - (first?.at ?? 0)).toBeLessThan(1000);
  });
});

describe("other limits", () => {
  it("keeps the limits it is given instead of Telegram's", async () => {
    const ok = (call: Call) =>
      call.method === "sendMessage" ? { ok: true, result: { message_id: 1 } } : undefined;
    const t = setup({ limits: { ...TELEGRAM_LIMITS, chatBurst: 10 } }, ok);
    const start = Date.now();
    const all = Promise.all(Array.from({ length: 8 }, (_, i) => t.send(9, `r${i}`)));
    await vi.advanceTimersByTimeAsync(50);
    await all;
    expect(t.sends().map((c) => c.text)).toEqual(Array.from({ length: 8 }, (_, i) => `r${i}`));
    for (const call of t.sends()) expect(call.at - start).toBeLessThanOrEqual(10);
  });
});

describe("waits within bounds", () => {
  it("ends a wait when the call's signal aborts, and the chat's next call goes on", async () => {
    const t = setup();
    await t.burst(5);
    const controller = new AbortController();
    const waiting = settle(t.send(5, "cut", controller.signal));
    const after = settle(t.send(5, "after"));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.error).toBeInstanceOf(SendDeferredError);
    expect((waiting.error as SendDeferredError).reason).toBe("aborted");
    await vi.advanceTimersByTimeAsync(2000);
    expect(after.value?.ok).toBe(true);
    expect(t.sends().map((c) => c.text)).not.toContain("cut");
  });

  it("ends the waits of an update whose scope signal aborts (shutdown)", async () => {
    const t = setup();
    await t.burst(6);
    const controller = new AbortController();
    const waiting = settle(runInUpdate({ signal: controller.signal }, () => t.send(6, "late")));
    await vi.advanceTimersByTimeAsync(100);
    expect(waiting.done).toBe(false);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect((waiting.error as SendDeferredError).reason).toBe("aborted");
  });

  it("fails at once a call that could only go after the scope's deadline", async () => {
    const t = setup();
    await t.burst(8);
    const outcome = settle(
      runInUpdate({ deadline: Date.now() + 500 }, () => t.send(8, "needs a second")),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome.error).toBeInstanceOf(SendDeferredError);
    expect((outcome.error as SendDeferredError).reason).toBe("deadline");
    expect(t.sends()).toHaveLength(3);
    // Within the deadline it waits and goes.
    const fits = settle(runInUpdate({ deadline: Date.now() + 5000 }, () => t.send(8, "fits")));
    await vi.advanceTimersByTimeAsync(2000);
    expect(fits.value?.ok).toBe(true);
  });
});

describe("429", () => {
  it("waits retry_after and makes the same call again; the chat waits, other chats do not", async () => {
    const t = setup({}, (call, index) => (index === 0 ? refused429(5) : undefined));
    const start = Date.now();
    const first = settle(t.send(1, "refused first"));
    const next = settle(t.send(1, "same chat"));
    await vi.advanceTimersByTimeAsync(10);
    const other = settle(t.send(2, "other chat"));
    await vi.advanceTimersByTimeAsync(10);
    expect(other.value?.ok).toBe(true);
    expect(first.done).toBe(false);
    await vi.advanceTimersByTimeAsync(6000);
    expect(first.value?.ok).toBe(true);
    expect(next.value?.ok).toBe(true);
    const toChat1 = t.sends().filter((c) => c.chatId === 1);
    expect(toChat1.map((c) => c.text)).toEqual(["refused first", "refused first", "same chat"]);
    expect((toChat1[1]?.at ?? 0) - start).toBeGreaterThanOrEqual(5000);
  });

  it("passes a retry_after over the cap on at once, and holds the chat for the cap", async () => {
    const warn = vi.fn();
    const logger = { warn, info: vi.fn() } as unknown as FlowControlOptions["logger"];
    const t = setup({ maxRetryAfterSeconds: 2, ...(logger && { logger }) }, (_call, index) =>
      index === 0 ? refused429(72_000) : undefined,
    );
    const start = Date.now();
    expect(await t.send(3, "twenty hours")).toMatchObject({ ok: false, error_code: 429 });
    expect(Date.now()).toBe(start);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ retryAfterSeconds: 72_000, capSeconds: 2 }),
      expect.stringContaining("longer than the cap"),
    );
    const again = settle(t.send(3, "twenty hours"));
    await vi.advanceTimersByTimeAsync(1500);
    expect(again.done).toBe(false);
    await vi.advanceTimersByTimeAsync(600);
    expect(again.value?.ok).toBe(true);
    expect((t.sends()[1]?.at ?? 0) - start).toBeGreaterThanOrEqual(2000);
  });

  it("counts every wait of one call against the cap", async () => {
    const t = setup({ maxRetryAfterSeconds: 10 }, (_call, index) =>
      index < 3 ? refused429(4) : undefined,
    );
    const outcome = settle(t.send(4, "again and again"));
    await vi.advanceTimersByTimeAsync(20_000);
    // 4 s + 4 s waited; a third 4 s would pass 10 s: the 429 is passed on.
    expect(outcome.value).toMatchObject({ ok: false, error_code: 429 });
    expect(t.sends()).toHaveLength(3);
  });

  it("holds the whole bot when several chats are refused at once", async () => {
    const t = setup({}, (_call, index) => (index < 2 ? refused429(3) : undefined));
    const start = Date.now();
    const a = settle(t.send(10, "a"));
    const b = settle(t.send(11, "b"));
    await vi.advanceTimersByTimeAsync(10);
    const c = settle(t.send(12, "c"));
    await vi.advanceTimersByTimeAsync(2000);
    expect(c.done).toBe(false);
    await vi.advanceTimersByTimeAsync(2000);
    expect([a.value?.ok, b.value?.ok, c.value?.ok]).toEqual([true, true, true]);
    const toC = t.sends().find((call) => call.chatId === 12);
    expect((toC?.at ?? 0) - start).toBeGreaterThanOrEqual(3000);
  });
});

describe("retries", () => {
  const connectError = (code: string) =>
    new HttpError(
      "Network request for 'sendMessage' failed!",
      Object.assign(new Error(code), { code }),
    );

  it("retries a connection that could not be opened, and 502/503, with backoff", async () => {
    const t = setup({}, (_call, index) =>
      index === 0
        ? connectError("ECONNREFUSED")
        : index === 1
          ? { ok: false, error_code: 503, description: "Service Unavailable" }
          : index === 2
            ? { ok: false, error_code: 502, description: "Bad Gateway" }
            : undefined,
    );
    const outcome = settle(t.send(20, "eventually"));
    await vi.advanceTimersByTimeAsync(2000);
    expect(outcome.value?.ok).toBe(true);
    expect(t.sends()).toHaveLength(4);
  });

  it("does not retry what may have been sent: 500, 504, a connection lost mid-request", async () => {
    for (const failure of [
      { ok: false, error_code: 500, description: "Internal Server Error" },
      { ok: false, error_code: 504, description: "Gateway Timeout" },
      connectError("ECONNRESET"),
    ]) {
      const t = setup({}, (_call, index) => (index === 0 ? failure : undefined));
      const outcome = settle(t.send(21, "once"));
      await vi.advanceTimersByTimeAsync(2000);
      if (failure instanceof Error) expect(outcome.error).toBe(failure);
      else expect(outcome.value).toMatchObject({ ok: false, error_code: failure.error_code });
      expect(t.sends()).toHaveLength(1);
    }
  });

  it("gives up after maxRetries", async () => {
    const t = setup({ maxRetries: 2 }, () => ({ ok: false, error_code: 503, description: "x" }));
    const outcome = settle(t.send(22, "never"));
    await vi.advanceTimersByTimeAsync(5000);
    expect(outcome.value).toMatchObject({ ok: false, error_code: 503 });
    expect(t.sends()).toHaveLength(3);
  });
});

describe("the limiter's memory", () => {
  it("forgets chats once their bucket is full and their windows are empty", async () => {
    const limiter = new RateLimiter(TELEGRAM_LIMITS);
    for (const chat of [1, 2, -3]) {
      const turn = await limiter.turn({ chat, group: chat < 0 }, { signals: [] });
      await turn.slot({ signals: [] });
      turn.sent();
      turn.end();
    }
    expect(limiter.trackedChats).toBe(3);
    await vi.advanceTimersByTimeAsync(61_000);
    const turn = await limiter.turn({ chat: 4, group: false }, { signals: [] });
    turn.end();
    expect(limiter.trackedChats).toBe(1);
  });
});
