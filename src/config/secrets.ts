// Which variables hold secrets, so that logs and CLI errors can scrub their values.
import type { Env } from "./env.js";

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
