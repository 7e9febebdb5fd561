// Google Cloud Translation - Basic (v2): POST /language/translate/v2?key=KEY with a JSON body. The key
// is in the URL, so the URL is never put into a message: the kit scrubs the key (also URL-encoded)
// out of every error and its cause. format=text always, since the default (html) escapes entities.
import type { Env } from "../config.js";
import type { ProviderFailure } from "../errors.js";
import { createProvider, kindOfStatus } from "./provider-kit.js";
import { baseUrl, envKey, envUrl, field } from "./provider-shared.js";
import type { Translator } from "./types.js";

export interface GoogleOptions {
  /** An API key of a Google Cloud project with the Cloud Translation API enabled. */
  apiKey: string;
  /** Default https://translation.googleapis.com */
  apiUrl?: string;
  /** For each HTTP request; default 5000. */
  timeoutMs?: number;
}

export const GOOGLE_API_URL = "https://translation.googleapis.com";
/** Google's documented limit of strings in `q`. */
export const GOOGLE_MAX_TEXTS = 128;
/**
 * Characters per call. Google recommends at most 5,000 code points per request (latency grows with
 * size) and refuses Basic requests over 100 KB: 5,000 UTF-16 units are at most 30 KB of JSON whatever
 * the script, and Telegram's longest message (4096) still goes in one piece.
 */
export const GOOGLE_CHARS_PER_CALL = 5000;
const PROVIDER = "google";

/** babelgram's code -> Google's (zh -> zh-CN; zh-TW as it is). */
export function toGoogle(code: string): string {
  const lower = code.toLowerCase();
  if (lower === "zh" || lower === "zh-cn" || lower === "zh-hans") return "zh-CN";
  if (lower === "zh-tw" || lower === "zh-hant") return "zh-TW";
  return lower;
}

/** Google's detectedSourceLanguage -> babelgram's code (zh-CN -> zh; old iw/jw -> he/jv). */
export function fromGoogle(code: string): string {
  const lower = code.toLowerCase();
  if (lower === "zh-cn" || lower === "zh") return "zh";
  if (lower === "zh-tw") return "zh-TW";
  if (lower === "iw") return "he";
  if (lower === "jw") return "jv";
  return lower;
}

/** The reasons Google gives: errors[].reason (v2) and details[].reason (google.rpc.ErrorInfo). */
function reasonsOf(error: unknown): string[] {
  const reasons: string[] = [];
  for (const list of [field(error, "errors"), field(error, "details")]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const reason = field(item, "reason");
      if (typeof reason === "string") reasons.push(reason);
    }
  }
  return reasons;
}

function kindOf(status: number, reasons: readonly string[], message: string): ProviderFailure {
  const any = (...names: string[]) => names.some((name) => reasons.includes(name));
  if (any("keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED")) return "auth";
  if (/API key not valid/i.test(message)) return "auth";
  if (any("dailyLimitExceeded", "quotaExceeded")) return "quota";
  if (any("userRateLimitExceeded", "rateLimitExceeded", "RATE_LIMIT_EXCEEDED")) {
    return /per day/i.test(message) ? "quota" : "rate";
  }
  if (status === 429) return /per day/i.test(message) ? "quota" : "rate";
  if (status >= 500) return "server";
  // The API not enabled, billing off, a key restricted to other APIs or addresses, or a
  // GOOGLE_TRANSLATE_API_URL that leads nowhere: the operator has to act.
  if (status === 401 || status === 403 || status === 404) return "auth";
  if (/payload size|too (long|large)|text segments/i.test(message)) return "too-long";
  return kindOfStatus(status);
}

export function createGoogleTranslator(options: GoogleOptions): Translator {
  const apiKey = options.apiKey.trim();
  const endpoint = `${baseUrl(options.apiUrl, GOOGLE_API_URL)}/language/translate/v2?key=${encodeURIComponent(apiKey)}`;
  return createProvider({
    name: PROVIDER,
    capabilities: {
      maxTexts: GOOGLE_MAX_TEXTS,
      limit: { unit: "chars", max: GOOGLE_CHARS_PER_CALL },
      autoDetect: true,
      // Over 200 languages, and more every year: better unknown than a partial list.
    },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    secrets: [apiKey],
    async call({ texts, source, target, signal }, kit) {
      const { status, body } = await kit.fetchJson(
        endpoint,
        {
          headers: { "Content-Type": "application/json; charset=utf-8" },
          // No source: Google detects the language.
          body: JSON.stringify({
            q: texts,
            target: toGoogle(target),
            format: "text",
            ...(source === "auto" ? {} : { source: toGoogle(source) }),
          }),
        },
        signal,
      );
      if (status < 200 || status > 299) {
        const error = field(body, "error");
        const message = field(error, "message");
        const reasons = reasonsOf(error);
        const said = typeof message === "string" ? message : "";
        const code = reasons[0] ?? field(error, "status");
        throw kit.fail(
          kindOf(status, reasons, said),
          `HTTP ${status}${typeof code === "string" ? ` ${code}` : ""}${said ? `: ${said}` : ""}`,
          { status, ...(typeof code === "string" ? { code } : {}) },
        );
      }
      const translations = field(field(body, "data"), "translations");
      const translated = Array.isArray(translations)
        ? translations.map((item) => field(item, "translatedText"))
        : [];
      if (!Array.isArray(translations) || !translated.every((text) => typeof text === "string")) {
        throw kit.fail(
          "server",
          `malformed answer (HTTP ${status}): no data.translations[].translatedText`,
          { status },
        );
      }
      const detected: unknown = field(translations[0], "detectedSourceLanguage");
      return {
        texts: translated,
        ...(typeof detected === "string" && detected !== ""
          ? { detected: fromGoogle(detected) }
          : {}),
      };
    },
  });
}

/** GOOGLE_TRANSLATE_API_KEY (and GOOGLE_TRANSLATE_API_URL); undefined when no key is set. */
export function googleOptionsFromEnv(env: Env): GoogleOptions | undefined {
  const apiKey = envKey(
    env,
    "GOOGLE_TRANSLATE_API_KEY",
    "expected an API key of a Google Cloud project with the Cloud Translation API enabled",
  );
  const apiUrl = envUrl(env, "GOOGLE_TRANSLATE_API_URL", GOOGLE_API_URL);
  if (apiKey === undefined) return undefined;
  return { apiKey, ...(apiUrl === undefined ? {} : { apiUrl }) };
}
