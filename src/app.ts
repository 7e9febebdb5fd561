// The composition root: turns a validated config into the bot and its dependencies, the same way for
// every runtime.
import type { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { createBot } from "./bot/index.js";
import { requireToken, type Config } from "./config.js";
import type { Logger } from "./log.js";
import { openStore, type Store } from "./store/index.js";
import { createTranslator, type Translator } from "./translate/index.js";

export interface App {
  bot: Bot;
  store: Store;
  translator: Translator;
  close(): Promise<void>;
}

export async function createApp(options: {
  config: Config;
  logger: Logger;
  botInfo?: UserFromGetMe;
  /** Given by runtimes that open their store themselves; else STORE_URL's is opened. */
  store?: Store;
  /** Wraps the configured translator (the webhook server counts its calls for /metrics). */
  wrapTranslator?: (translator: Translator) => Translator;
}): Promise<App> {
  const { config, logger } = options;
  const token = requireToken(config.telegram);
  const created = createTranslator(config);
  const translator = options.wrapTranslator?.(created) ?? created;
  const store = options.store ?? (await openStore(config.storeUrl));
  if (!translator.real) {
    logger.warn(
      { translator: translator.name },
      "TRANSLATIONS ARE NOT REAL: the pseudo translator only marks text",
    );
  }
  const bot = createBot({
    token,
    apiRoot: config.telegram.apiRoot,
    translator,
    store,
    logger,
    languages: config.languages,
    ...(options.botInfo === undefined ? {} : { botInfo: options.botInfo }),
  });
  return { bot, store, translator, close: () => store.close() };
}
