// The translator bot's conversation logic: given an update and its dependencies (translator, store,
// logger) it decides what to answer. It knows nothing of polling, HTTP or Lambda; runtimes feed it
// updates through bot.handleUpdate().
import { Bot, Composer, type Context } from "grammy";
import type { Message, UserFromGetMe } from "grammy/types";
import type { Logger } from "../log.js";
import type { BotApiTransport } from "../runtime/bot-api-transport.js";
import { installFlowControl, type FlowControlOptions } from "../runtime/flow-control.js";
import type { Store } from "../store/types.js";
import type { Translator } from "../translate/types.js";
import type { FormalityOffer } from "./chat-settings.js";
import { registerCommands } from "./commands.js";
import type { Languages } from "./direction.js";
import { registerEdits } from "./edits.js";
import { createGroupAdmins } from "./group-admins.js";
import { registerInline } from "./inline.js";
import { registerLangMenu } from "./lang-menu.js";
import { registerMembership } from "./membership.js";
import { answerMessage, registerModes } from "./modes.js";
import { registerSettingsMenu } from "./settings-menu.js";
import { registerStats } from "./stats.js";
import { createTranslation, type TranslationSettings } from "./translate-message.js";

export { registerBotProfile } from "./profile.js";

/**
 * The update types babelgram acts on: what setWebhook and getUpdates ask Telegram for
 * (allowed_updates), and what the webhook core runs the bot for. Keep in step with the handlers below.
 */
export const HANDLED_UPDATE_TYPES = [
  "message",
  "callback_query",
  "inline_query",
  "edited_message",
  "my_chat_member",
] as const;

export interface BotDeps {
  translator: Translator;
  store: Store;
  logger: Logger;
  languages: Languages;
  /** Cache, quotas, /stats admins; default: a 30-day cache, no quotas, no admins. */
  translation?: TranslationSettings;
  /**
   * Where the translator can be asked for formal or informal address: true everywhere, or the
   * target languages (createApp passes the TRANSLATOR chain's, Translator.formality). /settings
   * offers the choice in a chat that translates into one of them, and translations into them ask
   * for the chat's choice. Default: nowhere (the setting is kept, but neither offered nor used).
   */
  formality?: FormalityOffer;
}

export interface CreateBotOptions extends BotDeps {
  token: string;
  apiRoot?: string;
  /** Known bot identity: skips the getMe call at start (cold starts on Lambda). */
  botInfo?: UserFromGetMe;
  /** How calls reach the Bot API; default grammY's client (fetch). */
  transport?: BotApiTransport;
  /** Pacing under Telegram's limits and 429 handling for every call (on unless false). */
  flowControl?: FlowControlOptions | false;
}

export function createBot(options: CreateBotOptions): Bot {
  const bot = new Bot(options.token, {
    client: options.apiRoot === undefined ? {} : { apiRoot: options.apiRoot },
    ...(options.botInfo === undefined ? {} : { botInfo: options.botInfo }),
  });
  // First, so that flow control (and any later transformer) wraps it.
  if (options.transport !== undefined) bot.api.config.use(options.transport.transformer);
  // Before any handler: every Telegram call, from every runtime, goes through it.
  if (options.flowControl !== false) {
    installFlowControl(bot, { logger: options.logger, ...options.flowControl });
  }
  installBot(bot, options);
  return bot;
}

/**
 * A message with no command in it and no group migration: only the modes' handler can answer it
 * (commands, menus, inline mode, membership and edits all look for something else). It is most of
 * the traffic, so it goes there directly.
 */
function isPlainMessage(message: Message): boolean {
  if (message.migrate_to_chat_id !== undefined) return false;
  const entities = message.entities ?? message.caption_entities ?? [];
  return !entities.some((entity) => entity.type === "bot_command");
}

/** Installs babelgram's handlers on a grammY bot (exported for runtimes that build their own Bot). */
export function installBot(bot: Bot, deps: BotDeps): void {
  const admins = createGroupAdmins(bot.api);
  const translation = createTranslation(deps);
  const everything = new Composer<Context>();
  registerCommands(everything, deps, admins);
  registerLangMenu(everything, deps, admins);
  registerSettingsMenu(everything, deps, { admins, formality: deps.formality });
  registerStats(everything, deps, translation);
  registerInline(everything, deps, translation);
  registerMembership(everything, deps);
  // Last: /tr, then every other message by the chat's mode (unknown commands end there too).
  registerModes(everything, deps, translation);
  registerEdits(everything, deps, translation);
  // Every other update (stickers, other members' changes, unknown callbacks…) is ignored.

  // Plain messages skip the dozen composers that would each look at them and pass them on, and
  // grammY's routing too (each layer is a few promises): most of the traffic (#9).
  const other = everything.middleware();
  bot.use((ctx, next) => {
    const message = ctx.update.message;
    if (message === undefined || !isPlainMessage(message)) return other(ctx, next);
    return answerMessage(ctx, message, deps, translation);
  });
}
