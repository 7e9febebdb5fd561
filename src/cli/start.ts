// `babelgram start`: runs the bot with long polling until SIGINT/SIGTERM.
import { Command } from "commander";
import { createApp } from "../app.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../log.js";
import { runPolling } from "../runtime/polling.js";

export function startCommand(): Command {
  return new Command("start")
    .description("run the bot with long polling (getUpdates)")
    .option(
      "--delete-webhook",
      "delete the bot's webhook first; polling is refused while one is set (pending updates are kept)",
    )
    .action(async (options: { deleteWebhook?: boolean }) => {
      const config = loadConfig(process.env);
      const logger = createLogger({
        level: config.logLevel,
        secrets: [config.telegram.token, config.papago?.clientSecret, config.papago?.clientId],
      });
      const app = createApp({ config, logger });
      const controller = new AbortController();
      const stop = (signal: NodeJS.Signals) => {
        // A second Ctrl+C means "now": in-flight work is then delivered again on the next start.
        if (controller.signal.aborted) process.exit(130);
        logger.info({ signal }, "stopping: finishing the update in hand");
        controller.abort();
      };
      const onRejection = (reason: unknown) => logger.error({ err: reason }, "unhandled rejection");
      process.on("SIGINT", stop).on("SIGTERM", stop).on("unhandledRejection", onRejection);
      try {
        await runPolling({
          bot: app.bot,
          logger,
          signal: controller.signal,
          deleteWebhook: options.deleteWebhook === true,
          onStart: (me) => {
            const mode = app.translator.real
              ? `translating with ${app.translator.name}`
              : "pseudo translations (not real)";
            console.error(
              `babelgram: @${me.username} is running, ${mode}. Message it on Telegram; Ctrl+C stops.`,
            );
          },
        });
      } finally {
        process.off("SIGINT", stop).off("SIGTERM", stop).off("unhandledRejection", onRejection);
        await app.close();
      }
    });
}
