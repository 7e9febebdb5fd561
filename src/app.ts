// The composition root: turns a validated config into the bot and its dependencies, the same way for
// every runtime.
import type { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { createBot } from "./bot/index.js";
import { requireToken, type Config } from "./config.js";
import type { Logger } from "./log.js";
import { createBotApiTransport } from "./runtime/bot-api-transport.js";
import type { FlowControlOptions } from "./runtime/flow-control.js";
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
  /** On top of the config's (Lambda caps 429 waits at its budget). */
  flowControl?: FlowControlOptions;
}): Promise<App> {
  const { config, logger } = options;
  const token = requireToken(config.telegram);
  const store = options.store ?? (await openStore(config.storeUrl));
  // The TRANSLATOR chain counts characters per provider and monthly budgets in the store.
  const created = createTranslator(config, { store, logger });
  const translator = options.wrapTranslator?.(created) ?? created;
  if (!translator.real) {
    logger.warn(
      { translator: translator.name },
      "TRANSLATIONS ARE NOT REAL: the pseudo translator only marks text",
    );
  }
  // Every runtime's calls to Telegram go through one keep-alive pool (bot-api-transport.ts).
  const transport = createBotApiTransport({ token, apiRoot: config.telegram.apiRoot });
  const bot = createBot({
    token,
    transport,
    apiRoot: config.telegram.apiRoot,
    translator,
    store,
    logger,
    languages: config.languages,
    // Where the chain's providers honour formal or informal address: /settings offers it there.
    ...(created.formality === undefined ? {} : { formality: created.formality }),
    flowControl: { maxRetryAfterSeconds: config.maxRetryAfterSeconds, ...options.flowControl },
    translation: {
      cacheTtlMs: config.translation.cacheTtlMs,
      quotas: config.translation.quotas,
      adminUserIds: config.translation.adminUserIds,
      monitor: created,
    },
    ...(options.botInfo === undefined ? {} : { botInfo: options.botInfo }),
  });
  return {
    bot,
    store,
    translator,
    close: async () => {
      await Promise.all([store.close(), transport.close()]);
    },
  };
}
