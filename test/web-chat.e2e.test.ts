// The web chat in a real browser: a small grammY bot polls the emulator, a person (Chromium driven
// by playwright-core, Debian's binary, never a downloaded one) opens the page, writes in Korean,
// sees the bot's HTML reply formatted and quoting them, presses its inline button and sees the
// message edited in place with the bot's callback answer as a toast. Leaves docs/web-chat.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Bot, InlineKeyboard } from "grammy";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../src/emulator/index.js";
import { seedLocalWorld } from "../src/emulator/web/seed.js";

const CHROMIUM = "/usr/bin/chromium";
// The README's picture is refreshed only on request (UPDATE_SCREENSHOT=1 npm test), so that a test
// run never rewrites a tracked file; otherwise the screenshot goes to a temporary folder.
const DOCS_SCREENSHOT = fileURLToPath(new URL("../docs/web-chat.png", import.meta.url));
const BOT_NAME = "babelgram (local)";
const STEP_MS = 10_000;

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function echoBot(emulator: Emulator): Bot {
  const bot = new Bot(emulator.defaultToken, { client: { apiRoot: emulator.url } });
  bot.on("message:text", (ctx) =>
    ctx.reply(`<b>echo:</b> <i>${escapeHtml(ctx.message.text)}</i>`, {
      parse_mode: "HTML",
      reply_parameters: { message_id: ctx.message.message_id },
      reply_markup: new InlineKeyboard().text("Edit me", "edit"),
    }),
  );
  bot.callbackQuery("edit", async (ctx) => {
    await ctx.editMessageText("edited ✓");
    await ctx.answerCallbackQuery({ text: "done" });
  });
  bot.catch((error) => console.error("web-chat test bot:", error.error));
  return bot;
}

async function visible(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: "visible", timeout: STEP_MS });
  return locator;
}

async function send(page: Page, text: string): Promise<void> {
  const field = page.locator("#composer-text");
  await field.fill(text);
  await field.press("Enter");
  await visible(page.locator(".message.out", { hasText: text }));
}

let emulator: Emulator;
let bot: Bot;
let polling: Promise<void>;
let context: BrowserContext | undefined;
let profile: string | undefined;
const pageErrors: string[] = [];

describe.skipIf(!existsSync(CHROMIUM))(`web chat in Chromium (needs ${CHROMIUM})`, () => {
  beforeAll(async () => {
    emulator = await startEmulator();
    await seedLocalWorld(emulator.url);
    bot = echoBot(emulator);
    polling = bot.start({ timeout: 1 });
    profile = mkdtempSync(join(tmpdir(), "babelgram-web-chat-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1280, height: 800 },
      locale: "en-GB",
      timezoneId: "UTC",
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    await bot?.stop();
    await polling;
    await emulator?.close();
  });

  it("chats with the bot: formatted replies, quotes, buttons, edits, toasts", async () => {
    if (context === undefined) throw new Error("no browser");
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    const response = await page.goto(emulator.url);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");

    // The seeded world: you are "You", with the bot's private chat and the group.
    await visible(page.locator(".chat-row", { hasText: "Language exchange" }));
    expect(await page.locator("#who option:checked").textContent()).toContain("You");
    await (await visible(page.locator(".chat-row", { hasText: BOT_NAME }))).click();
    expect(await page.locator("#chat-title").textContent()).toBe(BOT_NAME);

    const first = "안녕하세요! 만나서 반가워요";
    await send(page, first);
    const reply = await visible(page.locator(".message.in", { hasText: first }));
    expect(await reply.locator(".text strong").textContent()).toBe("echo:");
    expect(await reply.locator(".text em").textContent()).toBe(first);
    expect(await reply.locator(".quote .quote-name").textContent()).toBe("You");
    expect(await reply.locator(".quote .quote-text").textContent()).toBe(first);

    // Replying through the page: the quote above the sent message names the bot.
    await reply.hover();
    await reply.locator(".reply-button").click();
    expect(await page.locator("#reply-name").textContent()).toBe(`Reply to ${BOT_NAME}`);
    const second = "오늘 날씨가 정말 좋네요";
    await send(page, second);
    const mine = page.locator(".message.out", { hasText: second });
    expect(await mine.locator(".quote .quote-name").textContent()).toBe(BOT_NAME);
    await visible(page.locator(".message.in", { hasText: `echo: ${second}` }));

    // The first reply's button: edited in place, and the callback answer as a toast.
    await reply.locator(".inline-button", { hasText: "Edit me" }).click();
    const edited = await visible(page.locator(".message.in", { hasText: "edited ✓" }));
    await visible(page.locator(".toast", { hasText: "done" }));
    expect(await edited.locator(".edited").textContent()).toBe("edited");
    expect(await edited.locator(".inline-button").count()).toBe(0);

    // The picture for the docs: no hover effects, the toast done fading in.
    await page.mouse.move(900, 30);
    await page.waitForTimeout(300);
    const screenshot =
      process.env.UPDATE_SCREENSHOT === "1"
        ? DOCS_SCREENSHOT
        : join(tmpdir(), "babelgram-web-chat.png");
    mkdirSync(join(screenshot, ".."), { recursive: true });
    await page.screenshot({ path: screenshot });
    expect(existsSync(screenshot)).toBe(true);

    // Another identity: Minji sees the group, where nothing has been said yet.
    await page.locator("#who").selectOption({ label: "Minji (ko)" });
    await (await visible(page.locator(".chat-row", { hasText: "Language exchange" }))).click();
    await visible(page.locator("#chat-title", { hasText: "Language exchange" }));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
