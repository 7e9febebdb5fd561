// getUpdates as Telegram does it: offsets, limits, long polls, conflicts, allowed_updates, expiry.
import { Api, GrammyError } from "grammy";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { EmulatorClient } from "./client.js";
import { startEmulator } from "./index.js";
import { useEmulator } from "./test-emulator.js";

const env = useEmulator({ user: { first_name: "Poller" } });

async function say(...texts: string[]) {
  for (const text of texts)
    await env.client.sendMessage({ chat_id: env.user.id, from_id: env.user.id, text });
}
const texts = (updates: Update[]) => updates.map((update) => update.message?.text);
const pollPending = () =>
  expect.poll(async () => (await env.client.botState()).long_polling).toBe(true);

describe("offset and limit", () => {
  it("keeps updates until an offset above their id confirms them, for good", async () => {
    await say("one", "two", "three");
    const all = await env.api.getUpdates();
    expect(texts(all)).toEqual(["one", "two", "three"]);
    const ids = all.map((update) => update.update_id);
    expect(ids[1]).toBe((ids[0] ?? 0) + 1);
    expect(texts(await env.api.getUpdates())).toEqual(["one", "two", "three"]);

    expect(texts(await env.api.getUpdates({ offset: ids[1] }))).toEqual(["two", "three"]);
    // Confirmed is gone: a smaller offset does not bring "one" back.
    expect(texts(await env.api.getUpdates({ offset: ids[0] }))).toEqual(["two", "three"]);
    expect(await env.api.getUpdates({ offset: (ids[2] ?? 0) + 1 })).toEqual([]);
    expect((await env.client.botState()).pending_update_count).toBe(0);
  });

  it("a negative offset reads the last |offset| updates and forgets the ones before", async () => {
    await say("a", "b", "c", "d");
    expect(texts(await env.api.getUpdates({ offset: -2 }))).toEqual(["c", "d"]);
    expect(texts(await env.api.getUpdates())).toEqual(["c", "d"]);
  });

  it("clamps limit to 1..100", async () => {
    await say(...Array.from({ length: 101 }, (_, i) => `m${i}`));
    expect(await env.api.getUpdates({ limit: 0 })).toHaveLength(1);
    expect(await env.api.getUpdates({ limit: 500 })).toHaveLength(100);
    expect(await env.api.getUpdates()).toHaveLength(100);
    const [call] = (await env.client.calls({ method: "getUpdates" })).slice(-1);
    expect(call?.update_ids).toHaveLength(100);
  });
});

describe("long polling", () => {
  it("answers a waiting poll as soon as a message arrives", async () => {
    const started = Date.now();
    const poll = env.api.getUpdates({ timeout: 30 });
    await pollPending();
    await say("wake up");
    expect(texts(await poll)).toEqual(["wake up"]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await env.client.botState()).long_polling).toBe(false);
  });

  it("answers [] when the timeout passes without updates", async () => {
    const started = Date.now();
    expect(await env.api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("answers at once when updates are already there", async () => {
    await say("ready");
    const started = Date.now();
    expect(texts(await env.api.getUpdates({ timeout: 50 }))).toEqual(["ready"]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("a second getUpdates ends the earlier pending one with 409", async () => {
    const first = env.api.getUpdates({ timeout: 30 }).catch((thrown: unknown) => thrown);
    await pollPending();
    const second = env.api.getUpdates({ timeout: 30 });
    const error = await first;
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({
      error_code: 409,
      description:
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    });
    // The second one is the pending poll now: it gets the next message.
    await pollPending();
    await say("for the second");
    expect(texts(await second)).toEqual(["for the second"]);
  });

  it("forgets a poll whose client went away, and logs it", async () => {
    const controller = new AbortController();
    const poll = fetch(`${env.emu.url}/bot${env.emu.defaultToken}/getUpdates?timeout=30`, {
      signal: controller.signal,
    }).catch((thrown: unknown) => thrown);
    await pollPending();
    controller.abort();
    await poll;
    await expect.poll(async () => (await env.client.botState()).long_polling).toBe(false);
    expect(await env.client.calls({ method: "getUpdates" })).toMatchObject([
      { ok: false, description: "connection closed by the client" },
    ]);
    await say("kept");
    expect((await env.client.botState()).pending_update_count).toBe(1);
  });
});

const WEBHOOK_CONFLICT =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

describe("webhook conflicts", () => {
  it("refuses getUpdates with 409 while a webhook is set, and polls again after deleteWebhook", async () => {
    await say("waiting");
    await env.api.setWebhook("https://bot.example.com/hook");
    await expect(env.api.getUpdates()).rejects.toMatchObject({
      error_code: 409,
      description: WEBHOOK_CONFLICT,
    });
    await env.api.deleteWebhook();
    expect(texts(await env.api.getUpdates())).toEqual(["waiting"]);
  });

  it("setWebhook ends a pending long poll with the webhook conflict", async () => {
    const poll = env.api.getUpdates({ timeout: 30 }).catch((thrown: unknown) => thrown);
    await pollPending();
    await env.api.setWebhook("https://bot.example.com/hook");
    expect(await poll).toMatchObject({
      error_code: 409,
      description: WEBHOOK_CONFLICT,
    });
  });
});

describe("allowed_updates", () => {
  const reaction = {
    message_reaction: {
      chat: { id: 1, type: "private", first_name: "x" },
      message_id: 1,
      date: 1,
      old_reaction: [],
      new_reaction: [],
    },
  };

  it("leaves out message_reaction by default, and remembers an explicit list", async () => {
    expect(await env.client.injectUpdate({ update: reaction })).toEqual({ queued: false });
    await env.api.getUpdates({ allowed_updates: ["message_reaction"] });
    expect(await env.client.injectUpdate({ update: reaction })).toMatchObject({ queued: true });
    await say("not allowed now");
    // Remembered: this call does not repeat allowed_updates.
    const updates = await env.api.getUpdates();
    expect(updates.map((update) => Object.keys(update)[1])).toEqual(["message_reaction"]);
    // An empty list restores the default.
    await env.api.getUpdates({ allowed_updates: [] });
    await say("allowed again");
    expect(texts(await env.api.getUpdates({ offset: -1 }))).toEqual(["allowed again"]);
  });

  it("keeps an injected update_id and continues after it", async () => {
    const { next_update_id: next } = await env.client.botState();
    expect(
      await env.client.injectUpdate({ update: { update_id: next + 10, some_future_update: {} } }),
    ).toEqual({
      queued: true,
      update_id: next + 10,
    });
    expect((await env.client.injectUpdate({ update: { some_future_update: {} } })).queued).toBe(
      true,
    );
    expect((await env.api.getUpdates()).map((update) => update.update_id)).toEqual([
      next + 10,
      next + 11,
    ]);
  });
});

describe("24-hour lifetime", () => {
  it("drops updates older than 24 hours", async () => {
    let now = Date.UTC(2026, 6, 1);
    const aged = await startEmulator({ now: () => now });
    try {
      const agedClient = new EmulatorClient(aged.url);
      const agedApi = new Api(aged.defaultToken, { apiRoot: aged.url });
      const u = await agedClient.createUser({ first_name: "Old" });
      const old = await agedClient.sendMessage({ chat_id: u.id, from_id: u.id, text: "old" });
      expect(old.date).toBe(now / 1000);
      now += 23 * 3600 * 1000;
      await agedClient.sendMessage({ chat_id: u.id, from_id: u.id, text: "newer" });
      now += 2 * 3600 * 1000;
      expect((await agedApi.getUpdates()).map((update) => update.message?.text)).toEqual(["newer"]);
      expect((await agedClient.botState()).pending_update_count).toBe(1);
    } finally {
      await aged.close();
    }
  });
});
