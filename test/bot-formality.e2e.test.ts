// Formal and informal address end to end, through createApp as every runtime builds the bot: the
// TRANSLATOR chain says where it honours formality, /settings offers the choice only in a chat that
// translates into one of those languages, the keyboard edits itself in place, and the next
// translation is asked for formally (the provider's stand-in sees it). Against the local Bot API,
// with the Papago, DeepL and Google stand-ins.
import { Writable } from "node:stream";
import type { Message, User } from "grammy/types";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { loadConfig, type Env } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { runPolling } from "../src/runtime/polling.js";
import { deeplParams, startDeepLStandIn, type DeepLStandIn } from "./stand-ins/deepl.js";
import { startGoogleStandIn, type GoogleStandIn } from "./stand-ins/google.js";
import { chats } from "./support/chats.js";
import { PAPAGO_ID, PAPAGO_SECRET, useWorld } from "./support/world.js";

const DEEPL_KEY = "stand-in-deepl-key:fx";
const GOOGLE_KEY = "stand-in-google-key";

const env = useWorld();
const t = chats(env);
let deepl: DeepLStandIn;
let google: GoogleStandIn;
const running: (() => Promise<void>)[] = [];

beforeAll(async () => {
  deepl = await startDeepLStandIn({ authKey: DEEPL_KEY });
  google = await startGoogleStandIn({ apiKey: GOOGLE_KEY });
});
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
  deepl.reset();
  google.reset();
});
afterAll(async () => {
  await deepl.close();
  await google.close();
});

/** The bot as createApp builds it from the environment, polling the local Bot API. */
async function startApp(translator: string) {
  const { world } = env;
  const settings: Env = {
    TELEGRAM_BOT_TOKEN: world.token,
    TELEGRAM_API_ROOT: world.emulator.url,
    TRANSLATOR: translator,
    PAPAGO_CLIENT_ID: PAPAGO_ID,
    PAPAGO_CLIENT_SECRET: PAPAGO_SECRET,
    PAPAGO_API_URL: world.papago.url,
    DEEPL_API_KEY: DEEPL_KEY,
    DEEPL_API_URL: deepl.url,
    GOOGLE_TRANSLATE_API_KEY: GOOGLE_KEY,
    GOOGLE_TRANSLATE_API_URL: google.url,
    TRANSLATOR_TIMEOUT_MS: "2000",
    DEFAULT_LANGUAGES: "ko,en",
    STORE_URL: "memory:",
  };
  const logger = createLogger({
    level: "warn",
    secrets: [world.token, PAPAGO_SECRET, DEEPL_KEY, GOOGLE_KEY],
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  // Telegram's pacing stays on (createApp always installs it), its windows shortened.
  const app = await createApp({
    config: loadConfig(settings),
    logger,
    flowControl: { timeScale: 0.01 },
  });
  const controller = new AbortController();
  const polling = runPolling({
    bot: app.bot,
    logger,
    signal: controller.signal,
    timeoutSeconds: 5,
    backoff: { baseMs: 50, capMs: 200 },
    handling: { backoff: { baseMs: 50, capMs: 200 } },
  });
  running.push(async () => {
    controller.abort();
    await polling;
    await app.close();
  });
  return app;
}

/** The labels of a message's inline keyboard. */
const labels = (message: Message | undefined) =>
  (message?.reply_markup?.inline_keyboard ?? []).flat().map((button) => button.text);
const formalityButton = (message: Message | undefined) =>
  labels(message).find((label) => label.startsWith("Formality"));

async function openSettings(user: User): Promise<Message> {
  const before = (await t.said(user.id)).length;
  await t.say({ id: user.id }, user, "/settings");
  const menu = (await t.waitFor({ id: user.id }, before + 1)).at(-1);
  if (menu === undefined) throw new Error("no settings message");
  return menu;
}

/** Sends a message and returns the bot's answer to it. */
async function translated(user: User, text: string): Promise<string | undefined> {
  const sent = await t.say({ id: user.id }, user, text);
  await t.barrier({ id: user.id }, user);
  const said = await t.said(user.id);
  return said.find((message) => message.reply_to_message?.message_id === sent.message_id)?.text;
}

describe("formality in /settings", () => {
  it("is offered with Papago in a Korean chat; pressed, the keyboard edits itself and Papago is asked for honorifics", async () => {
    await startApp("papago");
    const alex = await t.user("Alex", "en");
    const menu = await openSettings(alex);
    expect(formalityButton(menu)).toBe("Formality: default");

    const answer = await t.press({ id: alex.id }, alex, menu, "st:form");
    expect(answer?.text).toBe("Saved");
    // The same message, edited: no new one, its keyboard now says formal.
    const now = await t.said(alex.id);
    expect(now).toHaveLength(1);
    expect(now[0]?.message_id).toBe(menu.message_id);
    expect(formalityButton(now[0])).toBe("Formality: formal");
    expect(now[0]?.text).toContain("Formality: formal.");
    expect(await env.world.client.calls({ method: "editMessageText" })).toHaveLength(1);

    // English goes into Korean, formally; Korean into English, which has no honorifics.
    const english = "Good morning, how are you today? I hope you slept well.";
    expect(await translated(alex, english)).toBe(`formal:ko:${english}`);
    const korean = "오늘 아침에는 비가 많이 내려서 우산을 가지고 나왔어요.";
    expect(await translated(alex, korean)).toBe(`en:${korean}`);
    const asked = env.world.papago.requests.map((request) => [
      request.body.target,
      request.honorific,
    ]);
    expect(asked).toEqual([
      ["ko", true],
      ["en", undefined],
    ]);
  });

  it("is offered with DeepL only once the chat translates into a language with formality, and asked for as prefer_less", async () => {
    await startApp("deepl");
    const alex = await t.user("Alex", "en");
    // Korean ⇄ English: DeepL has no formality in either.
    expect(formalityButton(await openSettings(alex))).toBeUndefined();

    await t.say({ id: alex.id }, alex, "/lang de");
    await t.barrier({ id: alex.id }, alex);
    const menu = await openSettings(alex);
    expect(formalityButton(menu)).toBe("Formality: default");
    await t.press({ id: alex.id }, alex, menu, "st:form");
    await t.press({ id: alex.id }, alex, menu, "st:form");
    const edited = (await t.said(alex.id)).find((m) => m.message_id === menu.message_id);
    expect(formalityButton(edited)).toBe("Formality: informal");

    const korean = "오늘 아침에는 비가 많이 내려서 우산을 가지고 나왔어요.";
    expect(await translated(alex, korean)).toBe(`informal:DE:${korean}`);
    expect(deepl.requests.map((request) => deeplParams(request)?.formality)).toEqual([
      "prefer_less",
    ]);
  });

  it("is not offered when the translator has no formality (Google), and translations go on as usual", async () => {
    await startApp("google");
    const alex = await t.user("Alex", "en");
    const menu = await openSettings(alex);
    expect(labels(menu)).toContain("Done");
    expect(formalityButton(menu)).toBeUndefined();
    await t.say({ id: alex.id }, alex, "/lang de");
    await t.barrier({ id: alex.id }, alex);
    expect(formalityButton(await openSettings(alex))).toBeUndefined();

    const korean = "오늘 아침에는 비가 많이 내려서 우산을 가지고 나왔어요.";
    expect(await translated(alex, korean)).toBe(`de:${korean}`);
    expect(google.requests).toHaveLength(1);
  });
});
