// Environment -> one validated, typed config object, read once at startup.
// A mistake stops the program with one line naming the variable (ConfigError); values are never echoed,
// because some of them are secrets.
import { existsSync } from "node:fs";
import { ConfigError } from "./errors.js";
import { addressSet } from "./runtime/client-ip.js";
import {
  isProvider,
  PROVIDER_NAMES,
  providerOptionsFromEnv,
  unconfigured,
  type ProviderName,
  type ProviderOptions,
} from "./translate/provider-config.js";

export type Env = Record<string, string | undefined>;

/** What TRANSLATOR may list: every real provider, and the pseudo translator. */
export const TRANSLATOR_NAMES = [...PROVIDER_NAMES, "pseudo"] as const;
export type TranslatorName = ProviderName | "pseudo";

export interface TelegramConfig {
  /** undefined when no token is configured. */
  token: string | undefined;
  apiRoot: string;
  /** The bot's @username without the @ (TELEGRAM_BOT_USERNAME): lets a cold start skip getMe. */
  botUsername: string | undefined;
}

export interface PapagoConfig {
  clientId: string;
  clientSecret: string;
  apiUrl: string;
}

export interface WebhookConfig {
  /** The public HTTPS URL Telegram posts to (WEBHOOK_URL), when one is configured. */
  url: string | undefined;
  /** The path the server listens on: WEBHOOK_URL's path, else /telegram. */
  path: string;
  /** X-Telegram-Bot-Api-Secret-Token that deliveries must carry. */
  secret: string | undefined;
  /** How long one delivery may run before Telegram is asked to retry (WEBHOOK_BUDGET_MS). */
  budgetMs: number;
}

export interface ServerConfig {
  /** HOST: where `babelgram serve` listens; 0.0.0.0 so a proxy or load balancer can reach it. */
  host: string;
  /** PORT, default 8080. */
  port: number;
}

/** Who may reach what on the webhook server (README, "Run it as a webhook server"). */
export interface AccessConfig {
  /** METRICS: whether GET /metrics is served (on, the default) or answered 404 (off). */
  metrics: boolean;
  /** METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** WEBHOOK_TELEGRAM_IPS_ONLY: deliveries only from Telegram's published ranges (else 403). */
  telegramIpsOnly: boolean;
  /** TRUSTED_PROXIES: addresses and CIDR ranges whose X-Forwarded-For is believed. */
  trustedProxies: string[];
}

/** How translations are made, cached and limited (see README, "Translation"). */
export interface TranslationConfig {
  /** TRANSLATOR_TIMEOUT_MS: each provider call's time limit (OpenAI keeps its own, 30 s). */
  timeoutMs: number;
  /** CACHE_TTL_DAYS in ms: how long a translation is reused; 0 turns the cache off. */
  cacheTtlMs: number;
  /** QUOTA_USER_DAILY_CHARS, QUOTA_CHAT_DAILY_CHARS: characters per UTC day; 0 is unlimited. */
  quotas: { userDailyChars: number; chatDailyChars: number };
  /** QUOTA_<PROVIDER>_MONTHLY_CHARS: a provider's budget per UTC month; absent (0) is unlimited. */
  providerMonthlyChars: Partial<Record<ProviderName, number>>;
  /** ADMIN_USER_IDS: Telegram user ids allowed /stats. */
  adminUserIds: number[];
}

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

/** Telegram's rule for secret_token in setWebhook. */
export const WEBHOOK_SECRET_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;
export const SECRET_HINT =
  "generate one with `openssl rand -hex 32` (or `babelgram webhook set` prints a fresh one)";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/;
// Bot tokens from @BotFather are "<bot id>:<secret>"; the secret is never printed.
const TOKEN_SHAPE = /^\d{1,20}:[A-Za-z0-9_-]{20,}$/;

/** Loads `.env` from the working directory into process.env, without overriding what is set. */
/** Every variable whose value must never be printed: logs and CLI errors scrub them all. */
export const SECRET_VARIABLES = [
  "TELEGRAM_BOT_TOKEN",
  "WEBHOOK_SECRET",
  "METRICS_TOKEN",
  "PAPAGO_CLIENT_ID",
  "PAPAGO_CLIENT_SECRET",
  "DEEPL_API_KEY",
  "GOOGLE_TRANSLATE_API_KEY",
  "AZURE_TRANSLATOR_KEY",
  "LIBRETRANSLATE_API_KEY",
  "OPENAI_API_KEY",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
] as const;

/** The values of SECRET_VARIABLES that are set in env. */
export function secretsIn(env: Env): string[] {
  return SECRET_VARIABLES.map((name) => env[name]?.trim()).filter(
    (value): value is string => value !== undefined && value !== "",
  );
}

export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === "" ? undefined : raw;
}

function url(env: Env, name: string, fallback: string): string {
  const raw = value(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError({
      variable: name,
      message: "is not a URL (expected e.g. " + fallback + ")",
    });
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigError({ variable: name, message: "must start with https:// or http://" });
  }
  return raw.replace(/\/+$/, "");
}

export function loadTelegramConfig(env: Env): TelegramConfig {
  const token = value(env, "TELEGRAM_BOT_TOKEN");
  if (token !== undefined && !TOKEN_SHAPE.test(token)) {
    throw new ConfigError({
      variable: "TELEGRAM_BOT_TOKEN",
      message: "is malformed; expected the token @BotFather gave you, shaped like 123456789:AAE…",
    });
  }
  const botUsername = value(env, "TELEGRAM_BOT_USERNAME")?.replace(/^@/, "");
  if (botUsername !== undefined && !/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(botUsername)) {
    throw new ConfigError({
      variable: "TELEGRAM_BOT_USERNAME",
      message: "is not a bot username (5-32 letters, digits and _, ending in bot)",
    });
  }
  return {
    token,
    apiRoot: url(env, "TELEGRAM_API_ROOT", "https://api.telegram.org"),
    botUsername,
  };
}

/** The same as loadTelegramConfig, but a token is required. */
export function requireToken(telegram: TelegramConfig): string {
  if (telegram.token === undefined) {
    throw new ConfigError({
      variable: "TELEGRAM_BOT_TOKEN",
      message: "is not set; create a bot with @BotFather and put its token in .env",
    });
  }
  return telegram.token;
}

function languages(env: Env): Config["languages"] {
  const raw = value(env, "DEFAULT_LANGUAGES") ?? "ko,en";
  const parts = raw.split(",").map((part) => part.trim().toLowerCase());
  const [home, foreign] = parts;
  if (
    parts.length !== 2 ||
    home === undefined ||
    foreign === undefined ||
    !LANGUAGE_CODE.test(home) ||
    !LANGUAGE_CODE.test(foreign) ||
    home === foreign
  ) {
    throw new ConfigError({
      variable: "DEFAULT_LANGUAGES",
      message: "expected two different language codes, home language first, e.g. ko,en",
    });
  }
  return { home, foreign };
}

function papago(env: Env): PapagoConfig | undefined {
  const clientId = value(env, "PAPAGO_CLIENT_ID");
  const clientSecret = value(env, "PAPAGO_CLIENT_SECRET");
  if (clientId === undefined && clientSecret === undefined) return undefined;
  if (clientId === undefined || clientSecret === undefined) {
    const missing = clientId === undefined ? "PAPAGO_CLIENT_ID" : "PAPAGO_CLIENT_SECRET";
    throw new ConfigError({
      variable: missing,
      message: "is not set, but its partner is; Papago needs both (Naver Cloud Platform console)",
    });
  }
  return {
    clientId,
    clientSecret,
    apiUrl: url(env, "PAPAGO_API_URL", "https://papago.apigw.ntruss.com"),
  };
}

function translators(
  env: Env,
  options: { providers: ProviderOptions; token: boolean },
): TranslatorName[] {
  const configured = (name: string) => isProvider(name) && options.providers[name] !== undefined;
  const raw = value(env, "TRANSLATOR");
  if (raw === undefined) {
    // Every configured provider, in PROVIDER_NAMES order (papago first, as before).
    const all = PROVIDER_NAMES.filter(configured);
    if (all.length > 0) return all;
    // Fake translations are fine for trying babelgram locally, never silently for a real bot.
    if (!options.token) return ["pseudo"];
    throw new ConfigError({
      variable: "TRANSLATOR",
      message:
        "no translator is configured; set PAPAGO_CLIENT_ID and PAPAGO_CLIENT_SECRET (or another provider's key, see README), or TRANSLATOR=pseudo for fake translations",
    });
  }
  const names = raw.split(",").map((name) => name.trim().toLowerCase());
  const result: TranslatorName[] = [];
  for (const name of names) {
    if (!(TRANSLATOR_NAMES as readonly string[]).includes(name)) {
      throw new ConfigError({
        variable: "TRANSLATOR",
        message: `unknown translator "${name}"; expected a comma-separated list of ${TRANSLATOR_NAMES.join(", ")}`,
      });
    }
    if ((result as string[]).includes(name)) {
      throw new ConfigError({ variable: "TRANSLATOR", message: `names ${name} twice` });
    }
    if (isProvider(name) && !configured(name)) throw new ConfigError(unconfigured(name));
    result.push(name as TranslatorName);
  }
  return result;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function adminUserIds(env: Env): number[] {
  const raw = value(env, "ADMIN_USER_IDS");
  if (raw === undefined) return [];
  const ids = raw.split(",").map((part) => part.trim());
  if (!ids.every((id) => /^\d{1,16}$/.test(id) && Number(id) > 0)) {
    throw new ConfigError({
      variable: "ADMIN_USER_IDS",
      message:
        "expected Telegram user ids separated by commas, e.g. 123456789,987654321 (`babelgram updates` shows yours)",
    });
  }
  return [...new Set(ids.map(Number))];
}

function translation(env: Env): TranslationConfig {
  const chars = (name: string, fallback: number) =>
    integer(env, name, { min: 0, max: 1_000_000_000_000, fallback });
  const providerMonthlyChars: TranslationConfig["providerMonthlyChars"] = {};
  for (const name of PROVIDER_NAMES) {
    const limit = chars(`QUOTA_${name.toUpperCase()}_MONTHLY_CHARS`, 0);
    if (limit > 0) providerMonthlyChars[name] = limit;
  }
  return {
    timeoutMs: integer(env, "TRANSLATOR_TIMEOUT_MS", { min: 100, max: 120_000, fallback: 5000 }),
    cacheTtlMs: integer(env, "CACHE_TTL_DAYS", { min: 0, max: 3650, fallback: 30 }) * DAY_MS,
    quotas: {
      userDailyChars: chars("QUOTA_USER_DAILY_CHARS", 20_000),
      chatDailyChars: chars("QUOTA_CHAT_DAILY_CHARS", 100_000),
    },
    providerMonthlyChars,
    adminUserIds: adminUserIds(env),
  };
}

/** STORE_URL, checked for shape only (the value may hold a password, so it is never echoed). */
export function storeUrl(env: Env): string {
  const raw = value(env, "STORE_URL") ?? "sqlite:./data/babelgram.db";
  if (raw === "memory:" || (raw.startsWith("sqlite:") && raw.length > "sqlite:".length)) return raw;
  const fail = (message: string) => new ConfigError({ variable: "STORE_URL", message });
  if (/^postgres(ql)?:\/\//.test(raw)) {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw fail("is not a valid URL; expected postgres://user:password@host:5432/database");
    }
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(parsed.searchParams.get("schema") ?? "public")) {
      throw fail("?schema= must be lowercase letters, digits and _ (e.g. ?schema=babelgram)");
    }
    return raw;
  }
  if (raw.startsWith("dynamodb:")) {
    if (/^dynamodb:[A-Za-z0-9_.-]{3,255}(\?.*)?$/.test(raw)) return raw;
    throw fail(
      "expected dynamodb:<table>?region=<region>, e.g. dynamodb:babelgram?region=eu-west-1",
    );
  }
  throw fail(
    "expected sqlite:<path> (e.g. sqlite:./data/babelgram.db), postgres://user:password@host/database, dynamodb:<table>?region=<region> or memory:",
  );
}

function integer(env: Env, name: string, range: { min: number; max: number; fallback: number }) {
  const raw = value(env, name);
  if (raw === undefined) return range.fallback;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || parsed < range.min || parsed > range.max) {
    throw new ConfigError({
      variable: name,
      message: `expected a whole number from ${range.min} to ${range.max}`,
    });
  }
  return parsed;
}

export function loadWebhookConfig(env: Env): WebhookConfig {
  const rawUrl = value(env, "WEBHOOK_URL");
  let path = "/telegram";
  if (rawUrl !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(rawUrl);
    } catch {
      throw new ConfigError({
        variable: "WEBHOOK_URL",
        message: "is not a URL (expected e.g. https://bot.example.com/telegram)",
      });
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
      throw new ConfigError({ variable: "WEBHOOK_URL", message: "must start with https://" });
    }
    if (parsed.pathname !== "/") path = parsed.pathname.replace(/\/+$/, "");
  }
  const secret = value(env, "WEBHOOK_SECRET");
  if (secret !== undefined && !WEBHOOK_SECRET_SHAPE.test(secret)) {
    throw new ConfigError({
      variable: "WEBHOOK_SECRET",
      message: `must be 1-256 characters of A-Z, a-z, 0-9, _ and -; ${SECRET_HINT}`,
    });
  }
  return {
    url: rawUrl,
    path,
    secret,
    budgetMs: integer(env, "WEBHOOK_BUDGET_MS", { min: 100, max: 600_000, fallback: 8000 }),
  };
}

export function loadServerConfig(env: Env): ServerConfig {
  return {
    host: value(env, "HOST") ?? "0.0.0.0",
    port: integer(env, "PORT", { min: 0, max: 65535, fallback: 8080 }),
  };
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError({ variable: name, message: "expected 1 or 0 (on/off, true/false)" });
}

export function loadAccessConfig(env: Env): AccessConfig {
  const proxies = (value(env, "TRUSTED_PROXIES") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  try {
    addressSet(proxies);
  } catch (error) {
    throw new ConfigError({
      variable: "TRUSTED_PROXIES",
      message: `${(error as Error).message}; expected addresses or ranges separated by commas`,
    });
  }
  return {
    metrics: flag(env, "METRICS", true),
    metricsToken: value(env, "METRICS_TOKEN"),
    telegramIpsOnly: flag(env, "WEBHOOK_TELEGRAM_IPS_ONLY", false),
    trustedProxies: proxies,
  };
}

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
  const papagoConfig = papago(env);
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
    translators: translators(env, { providers, token: telegram.token !== undefined }),
    translation: translation(env),
    languages: languages(env),
    storeUrl: storeUrl(env),
    logLevel: logLevel(env),
    maxRetryAfterSeconds: integer(env, "TELEGRAM_MAX_RETRY_AFTER_SECONDS", {
      min: 1,
      max: 86_400,
      fallback: 60,
    }),
  };
}
