// `babelgram start`: runs the bot with long polling until SIGINT/SIGTERM. Without a token it runs in
// local mode: against the built-in emulator, with a web chat.
import { Command } from "commander";
import { createApp } from "../app.js";
import { HANDLED_UPDATE_TYPES, registerBotProfile } from "../bot/index.js";
import { loadConfig, type Config } from "../config.js";
import type { Logger } from "../log.js";
import type { FlowControlOptions } from "../runtime/flow-control.js";
import { runPolling } from "../runtime/polling.js";
import { claimsFromStore } from "../store/claims.js";
import { runLocalMode } from "./local-mode.js";
import { hostOption, portOption } from "./options.js";
import { runUntilSignal } from "./run-until-signal.js";
import { loggerFor, serve } from "./serve.js";
import { parseInteger } from "./updates.js";
import { tuneV8ForServing } from "./v8-tuning.js";

interface StartOptions {
  deleteWebhook?: boolean;
  claimLease: number;
  host: string;
  port: number;
}

export function startCommand(): Command {
  return new Command("start")
    .description(
      "run the bot: with long polling (getUpdates), as a webhook server when WEBHOOK_URL is set, or without TELEGRAM_BOT_TOKEN locally with a web chat",
    )
    .option(
      "--delete-webhook",
      "delete the bot's webhook first; polling is refused while one is set (pending updates are kept)",
    )
    .option(
      "--claim-lease <seconds>",
      "how long an update being handled stays reserved in the store; after a crash, its re-delivery is answered once this has passed",
      parseInteger(1, 3600),
      60,
    )
    .addOption(hostOption("local mode: address of the web chat and local Bot API"))
    .addOption(portOption("local mode: port of the web chat and local Bot API"))
    .action(async (options: StartOptions) => {
      const config = loadConfig(process.env);
      const logger = loggerFor(config);
      if (config.telegram.token === undefined) {
        await runUntilSignal(logger, (signal) =>
          runLocalMode({
            config,
            logger,
            host: options.host,
            port: options.port,
            keepStore: process.env.STORE_URL !== undefined && process.env.STORE_URL.trim() !== "",
            signal,
          }),
        );
        return;
      }
      if (config.webhook.url !== undefined) {
        await runUntilSignal(logger, (signal) => serve({ config, logger, signal }));
        return;
      }
      await poll({
        config,
        logger,
        deleteWebhook: options.deleteWebhook === true,
        leaseMs: options.claimLease * 1000,
      });
    });
}

/** Long polling until SIGINT/SIGTERM: what `babelgram start` runs when a token is set. */
export async function poll(options: {
  config: Config;
  logger: Logger;
  deleteWebhook?: boolean;
  /** How long a claim on an update holds in the store. */
  leaseMs: number;
  /** On top of the config's (benchmarks against a local Bot API raise Telegram's limits). */
  flowControl?: FlowControlOptions;
}): Promise<void> {
  tuneV8ForServing();
  const { config, logger } = options;
  const app = await createApp({
    config,
    logger,
    ...(options.flowControl === undefined ? {} : { flowControl: options.flowControl }),
  });
  try {
    await runUntilSignal(logger, (signal) =>
      runPolling({
        bot: app.bot,
        logger,
        signal,
        deleteWebhook: options.deleteWebhook === true,
        claims: claimsFromStore(app.store),
        leaseMs: options.leaseMs,
        allowedUpdates: HANDLED_UPDATE_TYPES,
        onStart: (me) => {
          // In the background: it never throws, and the bot translates without its menu.
          void registerBotProfile(app.bot.api, logger);
          const mode = app.translator.real
            ? `translating with ${app.translator.name}`
            : "pseudo translations (not real)";
          console.error(
            `babelgram: @${me.username} is running, ${mode}. Message it on Telegram; Ctrl+C stops.`,
          );
        },
      }),
    );
  } finally {
    await app.close();
  }
}
