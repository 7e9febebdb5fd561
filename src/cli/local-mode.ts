// Local mode: no token, no phone, no internet. The emulator plays Telegram on 127.0.0.1 with a web
// chat, and the same bot code runs against it with long polling.
import { createApp } from "../app.js";
import { HANDLED_UPDATE_TYPES, registerBotProfile } from "../bot/index.js";
import type { Config } from "../config.js";
import { startEmulator } from "../emulator/index.js";
import { seedLocalWorld } from "../emulator/web/seed.js";
import type { Logger } from "../log.js";
import { runPolling } from "../runtime/polling.js";
import { claimsFromStore } from "../store/claims.js";
import { tuneV8ForServing } from "./v8-tuning.js";

export async function runLocalMode(options: {
  config: Config;
  logger: Logger;
  host: string;
  port: number;
  /** STORE_URL was set explicitly; otherwise local chats are kept in memory only. */
  keepStore: boolean;
  signal: AbortSignal;
}): Promise<void> {
  tuneV8ForServing();
  const { logger, signal } = options;
  const emulator = await startEmulator({ host: options.host, port: options.port });
  try {
    await seedLocalWorld(emulator.url);
    const config: Config = {
      ...options.config,
      telegram: { ...options.config.telegram, token: emulator.defaultToken, apiRoot: emulator.url },
      storeUrl: options.keepStore ? options.config.storeUrl : "memory:",
    };
    const app = await createApp({ config, logger });
    try {
      await runPolling({
        bot: app.bot,
        logger,
        signal,
        claims: claimsFromStore(app.store),
        allowedUpdates: HANDLED_UPDATE_TYPES,
        onStart: () => {
          void registerBotProfile(app.bot.api, logger);
          const translations = app.translator.real
            ? `translating with ${app.translator.name}`
            : "translations are pseudo until a translator is configured";
          console.error(
            `Local mode: chat with your bot at ${emulator.url} (no TELEGRAM_BOT_TOKEN set; ${translations})`,
          );
        },
      });
    } finally {
      await app.close();
    }
  } finally {
    await emulator.close();
  }
}
