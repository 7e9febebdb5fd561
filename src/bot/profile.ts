// The bot's profile in Telegram: the command menu, in every language the bot speaks (Telegram shows
// each user the list of their language, English to everyone else), one list for private chats, one
// for group members, and one for group admins (with /settings and /lang). Registered when a runtime
// starts (polling, the webhook server) and by `babelgram webhook set`; never on a Lambda cold start.
import type { Api } from "grammy";
import type { BotCommandScope } from "grammy/types";
import type { Logger } from "../log.js";
import { LOCALES, texts, type CommandLists } from "./i18n/index.js";

const SCOPES: { scope: BotCommandScope; list: keyof CommandLists }[] = [
  { scope: { type: "default" }, list: "private" },
  { scope: { type: "all_private_chats" }, list: "private" },
  { scope: { type: "all_group_chats" }, list: "group" },
  { scope: { type: "all_chat_administrators" }, list: "admins" },
];

/**
 * Sets the command lists; true when all were set. Failures are logged, not thrown: a bot without
 * its menu still translates.
 */
export async function registerBotProfile(
  api: Pick<Api, "setMyCommands">,
  logger?: Pick<Logger, "info" | "warn">,
): Promise<boolean> {
  try {
    for (const locale of LOCALES) {
      const commands = texts(locale).commands;
      // English is the default list, for every language without one of its own.
      const language = locale === "en" ? {} : { language_code: locale };
      for (const { scope, list } of SCOPES) {
        await api.setMyCommands(commands[list], { scope, ...language });
      }
    }
    logger?.info({ locales: LOCALES }, "command menu registered");
    return true;
  } catch (error) {
    logger?.warn({ err: error }, "could not register the command menu; the bot works without it");
    return false;
  }
}
