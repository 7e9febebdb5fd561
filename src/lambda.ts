// The AWS Lambda entry (bundled by scripts/package-lambda.mjs into index.js, handler index.handler).
// Everything is set up once per cold start: config from the environment, the bot without a getMe
// call when TELEGRAM_BOT_USERNAME is set, the store, the webhook core in "abort" mode (Lambda freezes
// the environment once the handler returns, so nothing may be left running).
//
// A configuration mistake does not crash-loop the function: it is logged once per cold start as one
// line naming the variable, and every invocation answers 500 (Telegram keeps the update and retries,
// and the log says what to fix). Other init failures (a store that cannot be reached) answer 503 and
// are tried again on the next invocation.
//
// Stores on Lambda: dynamodb: (the SAM template's), or memory: when STORE_URL is not set (with a
// warning: settings are lost on every cold start). sqlite: and postgres: are refused: their drivers
// are not in the package.
import type { DestinationStream } from "pino";
import { createApp } from "./app.js";
import { HANDLED_UPDATE_TYPES } from "./bot/index.js";
import { botInfoFromConfig } from "./bot/identity.js";
import { loadConfig, requireToken, SECRET_HINT, secretsIn, type Env } from "./config.js";
import { ConfigError } from "./errors.js";
import { createLogger, type Logger } from "./log.js";
import { createLambdaHandler, type LambdaContext, type LambdaResult } from "./runtime/lambda.js";
import { createWebhookCore } from "./runtime/webhook-core.js";
import { claimsFromStore } from "./store/index.js";

export interface LambdaEntry {
  handle(event: unknown, context?: LambdaContext): Promise<LambdaResult>;
}

const text = (statusCode: number, body: string, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  body,
  isBase64Encoded: false as const,
});
const MISCONFIGURED = text(500, "babelgram is not configured; see the function's log");
const NOT_STARTED = text(503, "babelgram could not start; try again later", { "retry-after": "5" });

/** The config for Lambda: what loadConfig reads, plus what only makes sense on Lambda. */
function lambdaConfig(env: Env, logger: Logger) {
  const storeUrl = env.STORE_URL?.trim();
  const config = loadConfig(storeUrl ? env : { ...env, STORE_URL: "memory:" });
  if (!storeUrl) {
    logger.warn(
      "STORE_URL is not set: chat settings are kept in memory and lost on every cold start " +
        "(set STORE_URL=dynamodb:<table>?region=<region>)",
    );
  }
  if (!config.storeUrl.startsWith("dynamodb:") && config.storeUrl !== "memory:") {
    throw new ConfigError({
      variable: "STORE_URL",
      message:
        `${config.storeUrl.split(":")[0] ?? ""}: is not available on Lambda (its driver is not in ` +
        "the package); use dynamodb:<table>?region=<region>",
    });
  }
  if (config.webhook.secret === undefined) {
    throw new ConfigError({
      variable: "WEBHOOK_SECRET",
      message: `is required on Lambda, so that only Telegram can call the function; ${SECRET_HINT}`,
    });
  }
  return { config, secret: config.webhook.secret, token: requireToken(config.telegram) };
}

async function start(env: Env, logger: Logger): Promise<LambdaEntry["handle"]> {
  const { config, secret, token } = lambdaConfig(env, logger);
  logger.level = config.logLevel;
  const botInfo = botInfoFromConfig({ token, botUsername: config.telegram.botUsername });
  if (botInfo === undefined) {
    logger.warn(
      "TELEGRAM_BOT_USERNAME is not set: every cold start asks Telegram for the bot's identity (getMe)",
    );
  }
  const app = await createApp({
    config,
    logger,
    ...(botInfo === undefined ? {} : { botInfo }),
    // Nothing may wait past the budget: a longer retry_after hands the update back at once.
    flowControl: {
      maxRetryAfterSeconds: Math.min(config.maxRetryAfterSeconds, config.webhook.budgetMs / 1000),
    },
  });
  const core = createWebhookCore({
    bot: app.bot,
    logger,
    secret,
    budgetMs: config.webhook.budgetMs,
    handledTypes: HANDLED_UPDATE_TYPES,
    afterBudget: "abort",
    // In the store (DynamoDB on AWS), so that a re-delivery reaching another instance is a duplicate.
    claims: claimsFromStore(app.store),
  });
  return createLambdaHandler(core, {
    onError: (error) => logger.error({ err: error }, "webhook core failed"),
  });
}

/**
 * The handler of one execution environment, set up on its first use from env (process.env on
 * Lambda; tests give their own, and a log destination).
 */
export function createLambdaEntry(
  env: Env,
  options: { logDestination?: DestinationStream } = {},
): LambdaEntry {
  // The level is raised to LOG_LEVEL once the config is read; a config error is logged at any level.
  const logger = createLogger({
    level: "info",
    secrets: secretsIn(env),
    ...(options.logDestination === undefined ? {} : { destination: options.logDestination }),
  });
  let ready: Promise<LambdaEntry["handle"] | LambdaResult> | undefined;

  function init(): Promise<LambdaEntry["handle"] | LambdaResult> {
    ready ??= start(env, logger).catch((error: unknown) => {
      if (error instanceof ConfigError) {
        logger.fatal(`babelgram cannot start: ${error.message}`);
        return MISCONFIGURED;
      }
      logger.error({ err: error }, "babelgram could not start; trying again on the next event");
      ready = undefined;
      return NOT_STARTED;
    });
    return ready;
  }

  return {
    async handle(event, context) {
      const handle = await init();
      return typeof handle === "function" ? handle(event, context) : handle;
    },
  };
}

let entry: LambdaEntry | undefined;

export const handler = async (event: unknown, context?: LambdaContext): Promise<LambdaResult> => {
  entry ??= createLambdaEntry(process.env);
  return entry.handle(event, context);
};
