// The Bot API envelope, routing and parameters, driven by grammY's real Api client and raw fetch.
import { Api, GrammyError, HttpError } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorClient } from "./client.js";
import { startEmulator, type Emulator } from "./index.js";

const TOKEN = "123456789:AAtest-token_for-the-bot-api-suite";
let emu: Emulator;
let api: Api;
let client: EmulatorClient;

beforeAll(async () => {
  emu = await startEmulator({
    bots: [{ token: TOKEN, username: "suite_bot", first_name: "Suite" }],
  });
  api = new Api(TOKEN, { apiRoot: emu.url });
  client = new EmulatorClient(emu.url);
});
beforeEach(async () => {
  await client.reset();
});
afterAll(async () => {
  await emu.close();
});

async function raw(path: string, init?: RequestInit) {
  const response = await fetch(`${emu.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("envelope and routing", () => {
  it("getMe answers the bot's identity", async () => {
    expect(await api.getMe()).toEqual({
      id: 123456789,
      is_bot: true,
      first_name: "Suite",
      username: "suite_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    });
    expect(emu.defaultToken).toBe(TOKEN);
  });

  it("an unknown token is 401 Unauthorized in Telegram's envelope", async () => {
    expect(await raw("/bot999:nope/getMe")).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: "Unauthorized" },
    });
    const wrong = new Api("999:nope", { apiRoot: emu.url });
    await expect(wrong.getMe()).rejects.toMatchObject({ error_code: 401 });
  });

  it("an unknown method is 404 method not found, and is logged", async () => {
    expect(await raw(`/bot${TOKEN}/sendTelepathy`)).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: "Not Found: method not found" },
    });
    expect((await raw("/favicon.ico")).status).toBe(404);
    expect(await client.calls()).toMatchObject([
      { method: "sendTelepathy", ok: false, error_code: 404 },
    ]);
  });

  it("method names are case-insensitive and logged in canonical case", async () => {
    const { status, body } = await raw(`/bot${TOKEN}/GETME`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, result: { username: "suite_bot" } });
    await raw(`/bot${TOKEN}/getupdates`);
    expect((await client.calls()).map((call) => call.method)).toEqual(["getMe", "getUpdates"]);
    expect(await client.calls({ method: "GETUPDATES" })).toHaveLength(1);
  });
});

describe("parameters", () => {
  it("reads the query string, a form body with JSON-encoded values, and a JSON body", async () => {
    const user = await client.createUser({ first_name: "Param" });
    const first = await client.sendMessage({ chat_id: user.id, from_id: user.id, text: "hi" });

    const viaQuery = await raw(`/bot${TOKEN}/sendMessage?chat_id=${user.id}&text=from%20query`);
    expect(viaQuery.body).toMatchObject({ ok: true, result: { text: "from query" } });

    const form = new URLSearchParams({
      chat_id: String(user.id),
      text: "from a form",
      reply_parameters: JSON.stringify({ message_id: first.message_id }),
      disable_notification: "true",
    });
    const viaForm = await raw(`/bot${TOKEN}/sendMessage`, { method: "POST", body: form });
    expect(viaForm.body).toMatchObject({
      ok: true,
      result: { text: "from a form", reply_to_message: { message_id: first.message_id } },
    });

    const viaJson = await raw(`/bot${TOKEN}/sendMessage?text=ignored`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({
        chat_id: user.id,
        text: "from JSON",
        reply_to_message_id: first.message_id,
      }),
    });
    expect(viaJson.body).toMatchObject({
      ok: true,
      result: { text: "from JSON", reply_to_message: { text: "hi" } },
    });

    const calls = await client.calls({ method: "sendMessage" });
    expect(calls.map((call) => call.params)).toEqual([
      { chat_id: String(user.id), text: "from query" },
      { ...Object.fromEntries(form) },
      { chat_id: user.id, text: "from JSON", reply_to_message_id: first.message_id },
    ]);
  });

  it("refuses a body that is not JSON when it says it is", async () => {
    const { status, body } = await raw(`/bot${TOKEN}/getMe`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ ok: false, error_code: 400 });
  });

  it("refuses reply_parameters that are not JSON", async () => {
    const user = await client.createUser({ first_name: "Bad" });
    const { body } = await raw(
      `/bot${TOKEN}/sendMessage?chat_id=${user.id}&text=x&reply_parameters=%7Bnope`,
    );
    expect(body).toMatchObject({
      description: "Bad Request: can't parse reply parameters JSON object",
    });
  });
});

describe("faults", () => {
  it("a 429 reaches grammY as a GrammyError with parameters.retry_after, then calls work again", async () => {
    await client.injectFault({ method: "getme", error_code: 429, retry_after: 7 });
    const error = await api.getMe().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      parameters: { retry_after: 7 },
    });
    await expect(api.getMe()).resolves.toMatchObject({ id: 123456789 });
    expect((await client.calls()).map((call) => call.ok)).toEqual([false, true]);
  });

  it("counts down: the next `count` calls fail with the given error, others are untouched", async () => {
    await client.injectFault({
      method: "getMe",
      count: 2,
      error_code: 502,
      description: "Bad Gateway",
    });
    await expect(api.getWebhookInfo()).resolves.toMatchObject({ url: "" });
    await expect(api.getMe()).rejects.toMatchObject({
      error_code: 502,
      description: "Bad Gateway",
    });
    await expect(api.getMe()).rejects.toMatchObject({ error_code: 502 });
    await expect(api.getMe()).resolves.toMatchObject({ is_bot: true });
  });

  it("drop destroys the connection: grammY sees a network error (HttpError)", async () => {
    await client.injectFault({ method: "getMe", drop: true });
    await expect(api.getMe()).rejects.toBeInstanceOf(HttpError);
    await expect(api.getMe()).resolves.toMatchObject({ is_bot: true });
    expect((await client.calls())[0]).toMatchObject({ method: "getMe", ok: false, dropped: true });
  });
});

describe("close", () => {
  it("ends a pending long poll at once and frees the port", async () => {
    const own = await startEmulator();
    const ownApi = new Api(own.defaultToken, { apiRoot: own.url });
    const poll = ownApi.getUpdates({ timeout: 50 }).catch((thrown: unknown) => thrown);
    const ownClient = new EmulatorClient(own.url);
    await expect.poll(async () => (await ownClient.botState()).long_polling).toBe(true);
    const started = Date.now();
    await own.close();
    expect(await poll).toBeInstanceOf(HttpError);
    expect(Date.now() - started).toBeLessThan(2000);
    const again = await startEmulator({ port: own.port });
    await again.close();
  });
});
