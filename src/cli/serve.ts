// `babelgram serve`: the bot as a webhook server. Telegram posts updates to WEBHOOK_URL; this process
// answers them on HOST:PORT at WEBHOOK_URL's path, with /healthz and /metrics beside it.
import { Command, Option } from "commander";
import { createApp } from "../app.js";
import { HANDLED_UPDATE_TYPES, registerBotProfile } from "../bot/index.js";
import { loadConfig, SECRET_HINT, type Config } from "../config.js";
import { ConfigError } from "../errors.js";
import { createLogger, type Logger } from "../log.js";
import type { FlowControlOptions } from "../runtime/flow-control.js";
import { createMetrics } from "../runtime/metrics.js";
import { TELEGRAM_RANGES } from "../runtime/client-ip.js";
import { startWebhookServer } from "../runtime/node-server.js";
import { createWebhookCore } from "../runtime/webhook-core.js";
import { claimsFromStore } from "../store/claims.js";
import { providerSecrets } from "../translate/provider-config.js";
import { runUntilSignal } from "./run-until-signal.js";
import { telegramCall } from "./telegram.js";
import { tuneV8ForServing } from "./v8-tuning.js";
import { parseInteger } from "./updates.js";

export function serveCommand(): Command {
  return new Command("serve")
    .description("run the bot as a webhook server: Telegram delivers updates to WEBHOOK_URL")
    .addOption(new Option("--host <address>", "address to listen on [env: HOST, default 0.0.0.0]"))
    .addOption(
      new Option("--port <port>", "port to listen on [env: PORT, default 8080]").argParser(
        parseInteger(0, 65535),
      ),
    )
    .action(async (options: { host?: string; port?: number }) => {
      const config = loadConfig(process.env);
      const logger = loggerFor(config);
      await runUntilSignal(logger, (signal) =>
        serve({
          config: {
            ...config,
            server: {
              ...config.server,
              host: options.host ?? config.server.host,
              port: options.port ?? config.server.port,
            },
          },
          logger,
          signal,
        }),
      );
    });
}

export function loggerFor(config: Config): Logger {
  return createLogger({
    level: config.logLevel,
    secrets: [
      config.telegram.token,
      config.webhook.secret,
      config.access.metricsToken,
      ...providerSecrets(config.providers),
    ],
  });
}

/** Runs the webhook server until signal aborts; then finishes the updates in flight. */
export async function serve(options: {
  config: Config;
  logger: Logger;
  signal: AbortSignal;
  /** Called once listening, with the server's own URL (tests start on port 0). */
  onListening?: (url: string) => void;
  /** On top of the config's (benchmarks against a local Bot API raise Telegram's limits). */
  flowControl?: FlowControlOptions;
}): Promise<void> {
  tuneV8ForServing();
  const { config, logger, signal } = options;
  const secret = config.webhook.secret;
  if (secret === undefined) {
    throw new ConfigError({
      variable: "WEBHOOK_SECRET",
      message: `is not set; the webhook server needs one so that only Telegram can post updates to it: ${SECRET_HINT}`,
    });
  }
  const metrics = createMetrics();
  const app = await createApp({
    config,
    logger,
    wrapTranslator: (translator) => metrics.countTranslations(translator),
    ...(options.flowControl === undefined ? {} : { flowControl: options.flowControl }),
  });
  try {
    // grammY retries an unreachable Telegram here without end; a signal stops that too.
    try {
      await telegramCall(app.bot.init(signal as unknown as Parameters<typeof app.bot.init>[0]));
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
    if (signal.aborted) return;
    // In the background: it never throws, and the bot translates without its menu.
    void registerBotProfile(app.bot.api, logger);
    const core = createWebhookCore({
      bot: app.bot,
      logger,
      secret,
      handledTypes: HANDLED_UPDATE_TYPES,
      budgetMs: config.webhook.budgetMs,
      // Claims in the store: several servers behind one URL answer each update once.
      claims: claimsFromStore(app.store),
      observer: metrics.observer,
    });
    const { access } = config;
    const server = await startWebhookServer({
      core,
      logger,
      host: config.server.host,
      port: config.server.port,
      path: config.webhook.path,
      metrics: access.metrics ? { ...metrics, token: access.metricsToken } : undefined,
      allowedSources: access.telegramIpsOnly ? TELEGRAM_RANGES : undefined,
      trustedProxies: access.trustedProxies,
    });
    if (access.telegramIpsOnly) {
      logger.info(
        { ranges: TELEGRAM_RANGES, trustedProxies: access.trustedProxies },
        "deliveries only from Telegram's ranges (WEBHOOK_TELEGRAM_IPS_ONLY)",
      );
    }
    const mode = app.translator.real
      ? `translating with ${app.translator.name}`
      : "pseudo translations (not real)";
    console.error(
      `babelgram: @${app.bot.botInfo.username} is serving webhooks at ${server.url}${config.webhook.path} (${mode}); /healthz${access.metrics ? " and /metrics" : ""} beside it. Ctrl+C stops.`,
    );
    await warnAboutWebhook({ app, config });
    options.onListening?.(server.url);
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await server.close({ timeoutMs: 25_000 });
  } finally {
    await app.close();
  }
}

/** Says so when Telegram will not deliver here: no webhook set, or one pointing elsewhere. */
async function warnAboutWebhook(options: {
  app: Awaited<ReturnType<typeof createApp>>;
  config: Config;
}): Promise<void> {
  const info = await options.app.bot.api.getWebhookInfo().catch(() => undefined);
  if (info === undefined) return;
  const wanted = options.config.webhook.url;
  if (info.url === "") {
    console.error(
      `babelgram: no webhook is set for this bot yet; point Telegram here with: babelgram webhook set ${wanted ?? "https://<your host>" + options.config.webhook.path}`,
    );
  } else if (wanted !== undefined && info.url !== wanted) {
    console.error(
      `babelgram: Telegram delivers to ${info.url}, not to WEBHOOK_URL (${wanted}); run babelgram webhook set ${wanted}`,
    );
  }
}
