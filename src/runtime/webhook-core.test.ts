// The webhook core on its own: what it answers for each kind of delivery, and that a slow update is
// neither lost nor answered twice. The bot is a real grammY bot talking to the local Bot API.
import { Bot } from "grammy";
import { describe, expect, it } from "vitest";
import { privateTextUpdate, useEmulator } from "../emulator/test-emulator.js";
import { createLogger } from "../log.js";
import { createWebhookCore, type WebhookCoreOptions, type WebhookRequest } from "./webhook-core.js";

const env = useEmulator({ user: { first_name: "Minsu", language_code: "ko" } });
const SECRET = "s3cret_Token-1";
const logger = createLogger({ level: "silent", secrets: [] });

let nextUpdateId = 1000;
const textUpdate = (text: string, updateId = nextUpdateId++) =>
  privateTextUpdate(env.user, text, updateId);

function post(
  update: unknown,
  headers: WebhookRequest["headers"] = { "x-telegram-bot-api-secret-token": SECRET },
): WebhookRequest {
  return { method: "POST", headers, body: JSON.stringify(update) };
}

/** An echo bot whose handler waits at `gate` when the text is "slow". */
function setup(options: Partial<WebhookCoreOptions> = {}) {
  const bot = new Bot(env.emu.defaultToken, { client: { apiRoot: env.emu.url } });
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let runs = 0;
  bot.on("message:text", async (ctx) => {
    runs++;
    if (ctx.message.text === "slow") await gate;
    await ctx.reply(`echo: ${ctx.message.text}`);
  });
  const core = createWebhookCore({
    bot,
    logger,
    secret: SECRET,
    handledTypes: ["message"],
    ...options,
  });
  const replies = async () =>
    (await env.client.sent({ chat_id: env.user.id })).map((message) => message.text);
  return { core, release, replies, runs: () => runs };
}

describe("webhook core: the secret", () => {
  it.each([
    ["X-Telegram-Bot-Api-Secret-Token"],
    ["x-telegram-bot-api-secret-token"],
    ["X-TELEGRAM-BOT-API-SECRET-TOKEN"],
  ])("accepts the right secret in header %s", async (name) => {
    const { core, replies } = setup();
    const response = await core.handle(post(textUpdate("hi"), { [name]: SECRET }));
    expect(response.status).toBe(200);
    expect(await replies()).toEqual(["echo: hi"]);
  });

  it("accepts a Fetch Headers object", async () => {
    const { core } = setup();
    const headers = new Headers({ "X-Telegram-Bot-Api-Secret-Token": SECRET });
    expect((await core.handle(post(textUpdate("hi"), headers))).status).toBe(200);
  });

  it.each([
    ["wrong", { "x-telegram-bot-api-secret-token": "s3cret_Token-2" }],
    ["a prefix of the right one", { "x-telegram-bot-api-secret-token": "s3cret" }],
    ["missing", {}],
    ["in another header", { authorization: SECRET }],
  ])("refuses a secret that is %s with 401 and runs nothing", async (_, headers) => {
    const { core, replies, runs } = setup();
    const response = await core.handle(post(textUpdate("hi"), headers));
    expect(response.status).toBe(401);
    expect(runs()).toBe(0);
    expect(await replies()).toEqual([]);
  });

  it("checks nothing when no secret is configured", async () => {
    const { core } = setup({ secret: undefined });
    expect((await core.handle(post(textUpdate("hi"), {}))).status).toBe(200);
  });

  it("leaves the check to an adapter that says it made it (checkSecret), and makes it otherwise", async () => {
    const { core, replies } = setup();
    const wrong = { "x-telegram-bot-api-secret-token": "s3cret_Token-2" };
    expect(core.checkSecret(wrong)?.status).toBe(401);
    expect(core.checkSecret({ "x-telegram-bot-api-secret-token": SECRET })).toBeUndefined();
    // The Node and Fetch doors answer a wrong secret from checkSecret before reading the body, and
    // mark what they pass on, so that the core does not hash the secret a second time: a marked
    // delivery is not checked again (here it carries no secret at all, and is still answered).
    const checked = { ...post(textUpdate("checked"), {}), secretChecked: true };
    expect((await core.handle(checked)).status).toBe(200);
    expect((await core.handle(post(textUpdate("unchecked"), wrong))).status).toBe(401);
    expect(await replies()).toEqual(["echo: checked"]);
  });
});

describe("webhook core: the body", () => {
  it("refuses a body of 1 MiB + 1 byte with 413", async () => {
    const { core, runs } = setup();
    const update = textUpdate("x");
    const json = JSON.stringify(update);
    const padded = json.slice(0, -1) + " ".repeat(1024 * 1024 + 1 - json.length) + "}";
    expect(Buffer.byteLength(padded)).toBe(1024 * 1024 + 1);
    const response = await core.handle({ ...post(update), body: padded });
    expect(response.status).toBe(413);
    expect(runs()).toBe(0);
    // One byte less is a valid delivery.
    const fits = json.slice(0, -1) + " ".repeat(1024 * 1024 - json.length) + "}";
    expect((await core.handle({ ...post(update), body: fits })).status).toBe(200);
  });

  it.each([
    ["malformed JSON", '{"update_id": 1, "message": {'],
    ["a JSON array", JSON.stringify([{ update_id: 1 }])],
    ["a JSON string", '"update"'],
    ["no update_id", JSON.stringify({ message: { text: "hi" } })],
    ["a negative update_id", JSON.stringify({ update_id: -1, message: {} })],
    ["a fractional update_id", JSON.stringify({ update_id: 1.5, message: {} })],
    ["two update types", JSON.stringify({ update_id: 1, message: {}, edited_message: {} })],
    ["a type that is not an object", JSON.stringify({ update_id: 1, message: "hi" })],
    ["an empty body", ""],
  ])("refuses %s with 400", async (_, body) => {
    const { core, runs } = setup();
    const response = await core.handle({ ...post({}), body });
    expect(response.status).toBe(400);
    expect(runs()).toBe(0);
  });

  it("decodes a base64 body when the runtime says so, from a string or from bytes", async () => {
    const { core, replies } = setup();
    const json = JSON.stringify(textUpdate("안녕"));
    const base64 = Buffer.from(json).toString("base64");
    expect((await core.handle({ ...post({}), body: base64, isBase64Encoded: true })).status).toBe(
      200,
    );
    const bytes = new TextEncoder().encode(JSON.stringify(textUpdate("bytes")));
    expect((await core.handle({ ...post({}), body: bytes })).status).toBe(200);
    expect(await replies()).toEqual(["echo: 안녕", "echo: bytes"]);
  });

  it("acknowledges an update type the bot does not handle without running it", async () => {
    const { core, runs } = setup();
    const reaction = { update_id: 77, message_reaction: { chat: { id: 1, type: "private" } } };
    const response = await core.handle(post(reaction));
    expect(response.status).toBe(200);
    expect(runs()).toBe(0);
    // An update type newer than this code is acknowledged too.
    expect((await core.handle(post({ update_id: 78, future_thing: {} }))).status).toBe(200);
  });

  it("refuses methods other than POST", async () => {
    const { core } = setup();
    const response = await core.handle({ ...post(textUpdate("hi")), method: "GET" });
    expect(response.status).toBe(405);
  });
});

describe("webhook core: the time budget", () => {
  it("asks Telegram to retry when the budget runs out, and never answers twice (finish)", async () => {
    const { core, release, replies, runs } = setup({ budgetMs: 150, afterBudget: "finish" });
    const update = textUpdate("slow");
    const first = await core.handle(post(update));
    expect(first.status).toBe(503);
    expect(Number(first.headers["retry-after"])).toBeGreaterThan(0);
    // Telegram re-sends while the first run is still going: not run a second time.
    expect((await core.handle(post(update))).status).toBe(503);
    release();
    await core.drain();
    expect((await core.handle(post(update))).status).toBe(200);
    expect(runs()).toBe(1);
    expect(await replies()).toEqual(["echo: slow"]);
  });

  it("cuts the late run's Telegram calls off and handles the re-delivery once (abort)", async () => {
    const { core, release, replies, runs } = setup({ budgetMs: 150, afterBudget: "abort" });
    const update = textUpdate("slow");
    expect((await core.handle(post(update))).status).toBe(503);
    release();
    await core.drain();
    // The aborted run sent nothing; the re-delivery runs the bot again and replies once.
    expect(await replies()).toEqual([]);
    expect((await core.handle(post(update))).status).toBe(200);
    expect((await core.handle(post(update))).status).toBe(200);
    expect(runs()).toBe(2);
    expect(await replies()).toEqual(["echo: slow"]);
  });

  it("acknowledges a re-delivery of a finished update without running the bot", async () => {
    const { core, replies, runs } = setup();
    const update = textUpdate("once");
    expect((await core.handle(post(update))).status).toBe(200);
    expect((await core.handle(post(update))).status).toBe(200);
    expect(runs()).toBe(1);
    expect(await replies()).toEqual(["echo: once"]);
  });
});

describe("webhook core: claims", () => {
  it("asks for a retry when the claim cannot be taken (store down), without running the bot", async () => {
    const { core, runs } = setup({
      claims: {
        claim: () => Promise.reject(new Error("connection refused")),
        finish: () => Promise.resolve(),
        release: () => Promise.resolve(),
      },
    });
    const response = await core.handle(post(textUpdate("hi")));
    expect(response.status).toBe(503);
    expect(response.headers["retry-after"]).toBeDefined();
    expect(runs()).toBe(0);
  });

  it("asks for a retry while another instance holds the update", async () => {
    const { core, runs } = setup({
      claims: {
        claim: () => Promise.resolve("busy"),
        finish: () => Promise.resolve(),
        release: () => Promise.resolve(),
      },
    });
    expect((await core.handle(post(textUpdate("hi")))).status).toBe(503);
    expect(runs()).toBe(0);
  });
});

describe("webhook core: order", () => {
  it("handles one chat's updates in order while other chats go ahead", async () => {
    const { core, release, replies } = setup({ budgetMs: 5000 });
    const slow = core.handle(post(textUpdate("slow")));
    const after = core.handle(post(textUpdate("second")));
    // Another chat is not held up by the slow one.
    const stranger = await env.client.createUser({ first_name: "Other" });
    const elsewhere = textUpdate("elsewhere");
    if (elsewhere.message !== undefined) {
      elsewhere.message.chat = { id: stranger.id, type: "private", first_name: "Other" };
    }
    expect((await core.handle(post(elsewhere))).status).toBe(200);
    expect(await replies()).toEqual([]);
    release();
    expect((await slow).status).toBe(200);
    expect((await after).status).toBe(200);
    expect(await replies()).toEqual(["echo: slow", "echo: second"]);
  });
});
