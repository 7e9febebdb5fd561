// /lang's keyboard: common languages under their own names; pressing one makes it the chat's main
// language (the pair [it, home], as `/lang code` does) and the message edits itself in place. In a
// group only admins may press.
import { InlineKeyboard, type Composer, type Context } from "grammy";
import { loadSettings, normaliseLanguageCode, pairFor, summaryOf } from "./chat-settings.js";
import type { GroupAdmins } from "./group-admins.js";
import { languageName, textsFor } from "./i18n/index.js";
import type { BotDeps } from "./index.js";
import { notModified } from "./replies.js";
import { MENU_LANGUAGES } from "./settings-menu.js";

const RESET = "reset";

/** Each language under its own name ("日本語"), the chat's main language ticked. */
export function langKeyboard(main: string | undefined, isDefault: boolean): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  MENU_LANGUAGES.forEach((code, index) => {
    const label = `${code === main && !isDefault ? "✓ " : ""}${languageName(code, code)}`;
    keyboard.text(label, `lang:${code}`);
    if (index % 3 === 2) keyboard.row();
  });
  return keyboard.text(isDefault ? "✓ Default" : "Default", `lang:${RESET}`);
}

/** The patch /lang makes: a language as the main one of a pair, or back to the defaults. */
export function langPatch(code: string | undefined, deps: Pick<BotDeps, "languages">) {
  return code === undefined
    ? { languages: undefined, targets: undefined, targetLanguage: undefined }
    : { languages: pairFor(code, deps.languages), targetLanguage: undefined };
}

export function registerLangMenu(bot: Composer<Context>, deps: BotDeps, admins: GroupAdmins): void {
  bot.callbackQuery(/^lang:(.+)$/, async (ctx) => {
    const say = textsFor(ctx.from.language_code);
    const chat = ctx.chat;
    const choice = ctx.match[1] ?? "";
    const code = choice === RESET ? undefined : normaliseLanguageCode(choice);
    if (chat === undefined || (choice !== RESET && code === undefined)) {
      await ctx.answerCallbackQuery();
      return;
    }
    if (!(await admins.mayChange(chat, ctx.from.id))) {
      await ctx.answerCallbackQuery({ text: say.onlyAdmins, show_alert: true });
      return;
    }
    await deps.store.updateChatSettings(chat.id, langPatch(code, deps));
    const summary = summaryOf(await loadSettings(deps.store, chat, deps.languages), chat);
    const done = code === undefined ? say.langReset(summary) : say.langSet(summary);
    await ctx.answerCallbackQuery({ text: done });
    // Pressing the choice that is already set would be "message is not modified": skip the edit.
    await ctx
      .editMessageText(done, { reply_markup: langKeyboard(code, code === undefined) })
      .catch((error: unknown) => {
        if (!notModified(error)) throw error;
      });
  });
}
