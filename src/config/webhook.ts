// The webhook server's settings: where Telegram posts (WEBHOOK_*), where `babelgram serve` listens
// (HOST, PORT), and who may reach what (metrics, Telegram's addresses, trusted proxies).
import { ConfigError } from "../errors.js";
import { addressSet } from "../runtime/client-ip.js";
import { flag, integer, value, type Env } from "./env.js";

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

/** Telegram's rule for secret_token in setWebhook. */
export const WEBHOOK_SECRET_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;
export const SECRET_HINT =
  "generate one with `openssl rand -hex 32` (or `babelgram webhook set` prints a fresh one)";

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
