// /start, /help, /lang (the quick path to a chat's languages; /settings has the rest) and the
// per-user opt-out in groups, /ignoreme and /unignoreme. In a group only admins change settings.
import type { Composer, Context } from "grammy";
import type { Chat } from "grammy/types";
import { loadSettings, normaliseLanguageCode, summaryOf } from "./chat-settings.js";
import type { GroupAdmins } from "./group-admins.js";
import { textsFor, type HelpFacts } from "./i18n/index.js";
import type { BotDeps } from "./index.js";
import { langKeyboard, langPatch } from "./lang-menu.js";

export { normaliseLanguageCode } from "./chat-settings.js";

const RESET_WORDS = ["reset", "default", "auto"];

export function registerCommands(bot: Composer<Context>, deps: BotDeps, admins: GroupAdmins): void {
  const summary = async (chat: Pick<Chat, "id" | "type">) =>
    summaryOf(await loadSettings(deps.store, chat, deps.languages), chat);
  const facts = async (chat: Pick<Chat, "id" | "type">): Promise<HelpFacts> => ({
    summary: await summary(chat),
    attribution: deps.translator.attribution,
    pseudo: !deps.translator.real,
  });

  bot.command(["start", "help"], async (ctx) => {
    await ctx.reply(textsFor(ctx.from?.language_code).help(await facts(ctx.chat)));
  });

  bot.command("lang", async (ctx) => {
    const say = textsFor(ctx.from?.language_code);
    const words = ctx.match.split(/[\s,]+/).filter((word) => word !== "");
    const chat = ctx.chat;
    if (words.length === 0) {
      const stored = await deps.store.getChatSettings(chat.id);
      const isDefault = stored.languages === undefined && stored.targetLanguage === undefined;
      const current = await summary(chat);
      await ctx.reply(say.langUsage(current), {
        reply_markup: langKeyboard(current.languages[0], isDefault),
      });
      return;
    }
    if (!(await admins.mayChangeBy(ctx.msg))) return void (await ctx.reply(say.onlyAdmins));
    if (words.length === 1 && RESET_WORDS.includes(words[0]?.toLowerCase() ?? "")) {
      await deps.store.updateChatSettings(chat.id, langPatch(undefined, deps));
      await ctx.reply(say.langReset(await summary(chat)));
      return;
    }
    const codes: string[] = [];
    for (const word of words) {
      const code = normaliseLanguageCode(word);
      if (code === undefined) return void (await ctx.reply(say.langUnknown(word)));
      if (!codes.includes(code)) codes.push(code);
    }
    // One language: the pair [it, home] (as before chat languages); several: exactly those.
    const [only] = codes;
    const patch =
      codes.length === 1 && only !== undefined
        ? langPatch(only, deps)
        : { languages: codes, targetLanguage: undefined };
    await deps.store.updateChatSettings(chat.id, patch);
    await ctx.reply(say.langSet(await summary(chat)));
  });

  const optOut = (ignore: boolean) => async (ctx: Context) => {
    const say = textsFor(ctx.from?.language_code);
    const chat = ctx.chat;
    const user = ctx.from;
    if (chat === undefined || user === undefined) return;
    if (chat.type === "private") return void (await ctx.reply(say.groupsOnly));
    // One chat's updates are handled one at a time, so this read and write cannot interleave.
    const { ignoredUsers } = await loadSettings(deps.store, chat, deps.languages);
    const others = ignoredUsers.filter((id) => id !== user.id);
    await deps.store.updateChatSettings(chat.id, {
      ignoredUsers: ignore ? [...others, user.id] : others,
    });
    await ctx.reply(ignore ? say.ignored : say.unignored, {
      reply_parameters: { message_id: ctx.msgId ?? 0, allow_sending_without_reply: true },
    });
  };
  bot.command("ignoreme", optOut(true));
  bot.command("unignoreme", optOut(false));
}
