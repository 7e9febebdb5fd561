// The translator bot's conversation logic: given an update and its dependencies (translator, store,
// logger) it decides what to answer. It knows nothing of polling, HTTP or Lambda; runtimes feed it
// updates through bot.handleUpdate().
import { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "../log.js";
import type { Store } from "../store/types.js";
import type { Translator } from "../translate/types.js";
import { registerCommands } from "./commands.js";
import type { Languages } from "./direction.js";
import { registerLangMenu } from "./lang-menu.js";
import { translateMessages } from "./translate-message.js";

/**
 * The update types babelgram acts on: what setWebhook and getUpdates ask Telegram for
 * (allowed_updates), and what the webhook core runs the bot for. Keep in step with the handlers below.
 */
export const HANDLED_UPDATE_TYPES = ["message", "callback_query"] as const;

export interface BotDeps {
  translator: Translator;
  store: Store;
  logger: Logger;
  languages: Languages;
}

export interface CreateBotOptions extends BotDeps {
  token: string;
  apiRoot?: string;
  /** Known bot identity: skips the getMe call at start (cold starts on Lambda). */
  botInfo?: UserFromGetMe;
}

export function createBot(options: CreateBotOptions): Bot {
  const bot = new Bot(options.token, {
    client: options.apiRoot === undefined ? {} : { apiRoot: options.apiRoot },
    ...(options.botInfo === undefined ? {} : { botInfo: options.botInfo }),
  });
  installBot(bot, options);
  return bot;
}

/** Installs babelgram's handlers on a grammY bot (exported for runtimes that build their own Bot). */
export function installBot(bot: Bot, deps: BotDeps): void {
  registerCommands(bot, deps);
  registerLangMenu(bot, deps);
  bot.use(translateMessages(deps));
  // Every other update (edits, joins, stickers, callback queries…) falls through and is ignored.
}
