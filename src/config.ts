// Environment -> one validated, typed config object, read once at startup.
// A mistake stops the program with one line naming the variable (ConfigError); values are never echoed,
// because some of them are secrets.
import { existsSync } from "node:fs";
import { ConfigError } from "./errors.js";

export type Env = Record<string, string | undefined>;

export const TRANSLATOR_NAMES = ["papago", "pseudo"] as const;
export type TranslatorName = (typeof TRANSLATOR_NAMES)[number];

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

export interface Config {
  telegram: TelegramConfig;
  webhook: WebhookConfig;
  server: ServerConfig;
  translators: TranslatorName[];
  papago: PapagoConfig | undefined;
  /** The chat's home language first: home -> foreign, anything else -> home. */
  languages: { home: string; foreign: string };
  storeUrl: string;
  logLevel: LogLevel;
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

function translators(env: Env, options: { papago: boolean; token: boolean }): TranslatorName[] {
  const raw = value(env, "TRANSLATOR");
  if (raw === undefined) {
    if (options.papago) return ["papago"];
    // Fake translations are fine for trying babelgram locally, never silently for a real bot.
    if (!options.token) return ["pseudo"];
    throw new ConfigError({
      variable: "TRANSLATOR",
      message:
        "no translator is configured; set PAPAGO_CLIENT_ID and PAPAGO_CLIENT_SECRET, or TRANSLATOR=pseudo for fake translations",
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
    if (name === "papago" && !options.papago) {
      throw new ConfigError({
        variable: "PAPAGO_CLIENT_ID",
        message: "is not set, but TRANSLATOR names papago",
      });
    }
    result.push(name as TranslatorName);
  }
  return result;
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
  return {
    telegram,
    webhook: loadWebhookConfig(env),
    server: loadServerConfig(env),
    papago: papagoConfig,
    translators: translators(env, {
      papago: papagoConfig !== undefined,
      token: telegram.token !== undefined,
    }),
    languages: languages(env),
    storeUrl: storeUrl(env),
    logLevel: logLevel(env),
  };
}
