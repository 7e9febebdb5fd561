// The /lang menu: an inline keyboard of common languages that edits itself in place when pressed,
// so a chat's target can be picked without knowing language codes.
import { InlineKeyboard, type Bot } from "grammy";
import { normaliseLanguageCode } from "./commands.js";
import type { BotDeps } from "./index.js";
import { languageName, localeOf, texts } from "./texts.js";

const MENU_LANGUAGES = ["en", "ko", "ja", "zh", "es", "fr", "de", "ru", "vi", "th", "id", "it"];
const RESET = "reset";

/** Each language under its own name ("日本語"), the chat's current choice ticked. */
export function langKeyboard(current: string | undefined): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  MENU_LANGUAGES.forEach((code, index) => {
    const label = `${code === current ? "✓ " : ""}${languageName(code, code)}`;
    keyboard.text(label, `lang:${code}`);
    if (index % 3 === 2) keyboard.row();
  });
  return keyboard.text(current === undefined ? "✓ Default" : "Default", `lang:${RESET}`);
}

export function registerLangMenu(bot: Bot, deps: BotDeps): void {
  bot.callbackQuery(/^lang:(.+)$/, async (ctx) => {
    const say = texts(localeOf(ctx.from?.language_code));
    const chatId = ctx.chat?.id;
    const choice = ctx.match[1] ?? "";
    const code = choice === RESET ? undefined : normaliseLanguageCode(choice);
    if (chatId === undefined || (choice !== RESET && code === undefined)) {
      await ctx.answerCallbackQuery();
      return;
    }
    await deps.store.updateChatSettings(chatId, { targetLanguage: code });
    const done = code === undefined ? say.langReset(deps.languages) : say.langSet(code);
    await ctx.answerCallbackQuery({ text: done });
    // Pressing the choice that is already set would be "message is not modified": skip the edit.
    await ctx
      .editMessageText(done, { reply_markup: langKeyboard(code) })
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.message.includes("message is not modified")))
          throw error;
      });
  });
}
