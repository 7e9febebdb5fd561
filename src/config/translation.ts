// How translations are made: which translators in which order (TRANSLATOR, each provider's settings
// via src/translate/provider-config.ts), the language pair, and the cache, quotas and admins.
import { ConfigError } from "../errors.js";
import {
  isProvider,
  PROVIDER_NAMES,
  unconfigured,
  type ProviderName,
  type ProviderOptions,
} from "../translate/provider-config.js";
import { integer, url, value, type Env } from "./env.js";

/** What TRANSLATOR may list: every real provider, and the pseudo translator. */
export const TRANSLATOR_NAMES = [...PROVIDER_NAMES, "pseudo"] as const;
export type TranslatorName = ProviderName | "pseudo";

export interface PapagoConfig {
  clientId: string;
  clientSecret: string;
  apiUrl: string;
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

const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** DEFAULT_LANGUAGES: the chat's home language first: home -> foreign, anything else -> home. */
export function loadLanguages(env: Env): { home: string; foreign: string } {
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

export function loadPapagoConfig(env: Env): PapagoConfig | undefined {
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

/** TRANSLATOR: the translators in order of preference, each one configured. */
export function loadTranslators(
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

export function loadTranslationConfig(env: Env): TranslationConfig {
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
