// /start, /help and /lang: how the bot explains itself and how a chat picks its target language.
import type { Bot, Context } from "grammy";
import type { BotDeps } from "./index.js";
import { langKeyboard } from "./lang-menu.js";
import { languageName, localeOf, texts, type HelpFacts } from "./texts.js";

const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z]{2,4})?$/i;

/** Normalises a user-typed code ("ZH-tw" -> "zh-TW"), or undefined when it is not a known language. */
export function normaliseLanguageCode(input: string): string | undefined {
  if (!LANGUAGE_CODE.test(input)) return undefined;
  const [base = "", region] = input.split("-");
  const code =
    region === undefined ? base.toLowerCase() : `${base.toLowerCase()}-${region.toUpperCase()}`;
  return languageName(code, "en") === code ? undefined : code;
}

export function registerCommands(bot: Bot, deps: BotDeps): void {
  const facts = async (ctx: Context): Promise<HelpFacts> => ({
    home: deps.languages.home,
    foreign: deps.languages.foreign,
    target:
      ctx.chat === undefined
        ? undefined
        : (await deps.store.getChatSettings(ctx.chat.id)).targetLanguage,
    attribution: deps.translator.attribution,
    pseudo: !deps.translator.real,
  });

  const help = async (ctx: Context) => {
    await ctx.reply(texts(localeOf(ctx.from?.language_code)).help(await facts(ctx)));
  };
  bot.command(["start", "help"], help);

  bot.command("lang", async (ctx) => {
    const say = texts(localeOf(ctx.from?.language_code));
    const argument = ctx.match.trim();
    const chatId = ctx.chat.id;
    if (argument === "") {
      const current = (await deps.store.getChatSettings(chatId)).targetLanguage;
      await ctx.reply(say.langUsage(current, await facts(ctx)), {
        reply_markup: langKeyboard(current),
      });
      return;
    }
    if (["reset", "default", "auto"].includes(argument.toLowerCase())) {
      await deps.store.updateChatSettings(chatId, { targetLanguage: undefined });
      await ctx.reply(say.langReset(await facts(ctx)));
      return;
    }
    const code = normaliseLanguageCode(argument);
    if (code === undefined) {
      await ctx.reply(say.langUnknown(argument));
      return;
    }
    await deps.store.updateChatSettings(chatId, { targetLanguage: code });
    await ctx.reply(say.langSet(code));
  });
}
