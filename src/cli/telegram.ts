// What every CLI subcommand that talks to Telegram needs: the config read once, and a Bot API client.
import { Api } from "grammy";
import { fromGrammyError } from "../errors.js";
import { loadTelegramConfig, requireToken, secretsIn, type TelegramConfig } from "../config.js";

export function telegramFromEnv(): { api: Api; telegram: TelegramConfig } {
  const telegram = loadTelegramConfig(process.env);
  return { api: new Api(requireToken(telegram), { apiRoot: telegram.apiRoot }), telegram };
}

/** Everything a CLI line must never show. */
export function secretsFromEnv(): string[] {
  return secretsIn(process.env);
}

/** Awaits a Bot API call, turning grammY's errors into babelgram's (TelegramError, NetworkError). */
export async function telegramCall<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw fromGrammyError(error);
  }
}
