// The bot joining and leaving groups. Settings are kept by chat id and never deleted when the bot is
// removed, so a group that adds it back finds them as it left them; the bot says hello either way,
// with what it will do there. A group upgraded to a supergroup gets a new id: its settings follow.
import type { Composer, Context } from "grammy";
import type { ChatMember } from "grammy/types";
import { effectiveSettings, summaryOf } from "./chat-settings.js";
import { textsFor } from "./i18n/index.js";
import type { BotDeps } from "./index.js";

function inside(member: ChatMember): boolean {
  switch (member.status) {
    case "creator":
    case "administrator":
    case "member":
      return true;
    case "restricted":
      return member.is_member;
    default:
      return false;
  }
}

export function registerMembership(bot: Composer<Context>, deps: BotDeps): void {
  bot.on("my_chat_member", async (ctx) => {
    const { chat, from, old_chat_member: before, new_chat_member: after } = ctx.myChatMember;
    if (chat.type !== "group" && chat.type !== "supergroup") return;
    if (inside(before) || !inside(after)) {
      deps.logger.info({ chatId: chat.id, status: after.status }, "membership changed");
      return;
    }
    const stored = await deps.store.getChatSettings(chat.id);
    const summary = summaryOf(effectiveSettings(stored, chat.type, deps.languages), chat);
    const say = textsFor(from.language_code);
    const back = Object.keys(stored).length > 0;
    deps.logger.info({ chatId: chat.id, back }, "added to a group");
    await ctx.api.sendMessage(chat.id, back ? say.welcomeBack(summary) : say.welcome(summary));
  });

  bot.on("message:migrate_to_chat_id", async (ctx) => {
    const to = ctx.message.migrate_to_chat_id;
    const stored = await deps.store.getChatSettings(ctx.chat.id);
    if (Object.keys(stored).length > 0) await deps.store.updateChatSettings(to, stored);
    deps.logger.info({ from: ctx.chat.id, to }, "group upgraded to a supergroup");
  });
}
