// How babelgram reaches Telegram: the bot token, the Bot API server, the bot's username.
import { ConfigError } from "../errors.js";
import { url, value, type Env } from "./env.js";

export interface TelegramConfig {
  /** undefined when no token is configured. */
  token: string | undefined;
  apiRoot: string;
  /** The bot's @username without the @ (TELEGRAM_BOT_USERNAME): lets a cold start skip getMe. */
  botUsername: string | undefined;
}

// Bot tokens from @BotFather are "<bot id>:<secret>"; the secret is never printed.
const TOKEN_SHAPE = /^\d{1,20}:[A-Za-z0-9_-]{20,}$/;

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
