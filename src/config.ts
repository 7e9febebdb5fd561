// Environment -> one validated, typed config object, read once at startup; each section is read by
// its file in src/config/. A mistake stops the program with one line naming the variable
// (ConfigError); values are never echoed, because some of them are secrets.
import { ConfigError } from "./errors.js";
import { integer, value, type Env } from "./config/env.js";
import { loadTelegramConfig, type TelegramConfig } from "./config/telegram.js";
import {
  loadLanguages,
  loadPapagoConfig,
  loadTranslationConfig,
  loadTranslators,
  type PapagoConfig,
  type TranslationConfig,
  type TranslatorName,
} from "./config/translation.js";
import { storeUrl } from "./config/store.js";
import {
  loadAccessConfig,
  loadServerConfig,
  loadWebhookConfig,
  type AccessConfig,
  type ServerConfig,
  type WebhookConfig,
} from "./config/webhook.js";
import { providerOptionsFromEnv, type ProviderOptions } from "./translate/provider-config.js";

export { loadDotEnv, type Env } from "./config/env.js";
export { secretsIn, SECRET_VARIABLES } from "./config/secrets.js";
export { storeUrl } from "./config/store.js";
export { loadTelegramConfig, requireToken, type TelegramConfig } from "./config/telegram.js";
export {
  TRANSLATOR_NAMES,
  type PapagoConfig,
  type TranslationConfig,
  type TranslatorName,
} from "./config/translation.js";
export {
  loadAccessConfig,
  loadServerConfig,
  loadWebhookConfig,
  SECRET_HINT,
  WEBHOOK_SECRET_SHAPE,
  type AccessConfig,
  type ServerConfig,
  type WebhookConfig,
} from "./config/webhook.js";

export interface Config {
  telegram: TelegramConfig;
  webhook: WebhookConfig;
  server: ServerConfig;
  access: AccessConfig;
  /** TRANSLATOR: the translators in order of preference, each one configured. */
  translators: TranslatorName[];
  papago: PapagoConfig | undefined;
  /** The configured providers' settings (papago's too), by name. */
  providers: ProviderOptions;
  translation: TranslationConfig;
  /** The chat's home language first: home -> foreign, anything else -> home. */
  languages: { home: string; foreign: string };
  storeUrl: string;
  logLevel: LogLevel;
  /** TELEGRAM_MAX_RETRY_AFTER_SECONDS: the longest 429 wait before an update goes back (default 60). */
  maxRetryAfterSeconds: number;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function logLevel(env: Env): LogLevel {
  const raw = (value(env, "LOG_LEVEL") ?? "info").toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  throw new ConfigError({
    variable: "LOG_LEVEL",
    message: `expected one of ${LOG_LEVELS.join(", ")}`,
  });
}

export function loadConfig(env: Env): Config {
  const telegram = loadTelegramConfig(env);
  const papagoConfig = loadPapagoConfig(env);
  const providers: ProviderOptions = {
    ...(papagoConfig === undefined ? {} : { papago: papagoConfig }),
    ...providerOptionsFromEnv(env),
  };
  return {
    telegram,
    webhook: loadWebhookConfig(env),
    server: loadServerConfig(env),
    access: loadAccessConfig(env),
    papago: papagoConfig,
    providers,
    translators: loadTranslators(env, { providers, token: telegram.token !== undefined }),
    translation: loadTranslationConfig(env),
    languages: loadLanguages(env),
    storeUrl: storeUrl(env),
    logLevel: logLevel(env),
    maxRetryAfterSeconds: integer(env, "TELEGRAM_MAX_RETRY_AFTER_SECONDS", {
      min: 1,
      max: 86_400,
      fallback: 60,
    }),
  };
}
