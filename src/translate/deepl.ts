// DeepL API v2 (POST /v2/translate). The key travels only in the Authorization header: DeepL stopped
// accepting it as a query parameter or body field in January 2026. Up to 50 texts per call, and a
// request body of at most 128 KiB.
import type { Env } from "../config.js";
import type { ProviderFailure } from "../errors.js";
import { createProvider, kindOfStatus } from "./provider-kit.js";
import { baseUrl, envKey, envUrl, field } from "./provider-shared.js";
import type { Translator } from "./types.js";

export interface DeepLOptions {
  /** The authentication key; keys of DeepL API Free end in ":fx". */
  apiKey: string;
  /** Default https://api-free.deepl.com for ":fx" keys, else https://api.deepl.com. */
  apiUrl?: string;
  /** For each HTTP request; default 5000. */
  timeoutMs?: number;
}

export const DEEPL_FREE_URL = "https://api-free.deepl.com";
export const DEEPL_PRO_URL = "https://api.deepl.com";
export const DEEPL_MAX_TEXTS = 50;
/**
 * Text per call, in UTF-8 bytes. The 128 KiB limit is on the whole JSON body, and JSON may write one
 * byte of text as six (a control character becomes \u0001), so 20,000 bytes of text fit whatever
 * they contain. Telegram's longest message (4096 characters, 12 KiB of Korean) is one text.
 */
export const DEEPL_TEXT_BYTES = 20_000;
const PROVIDER = "deepl";

/** Targets DeepL documents (babelgram's codes), generally available ones. */
// prettier-ignore
const LANGUAGES = new Set([
  "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hu", "id", "it", "ja",
  "ko", "lt", "lv", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "th", "tr", "uk", "vi",
  "zh", "zh-TW",
]);

/**
 * Targets in which DeepL documents `formality` (DE, FR, IT, ES, NL, PL, PT-BR, PT-PT, JA, RU), in
 * babelgram's codes: pt is sent as PT-BR.
 */
// prettier-ignore
export const DEEPL_FORMALITY: ReadonlySet<string> = new Set([
  "de", "fr", "it", "es", "nl", "pl", "pt", "pt-PT", "ja", "ru",
]);

/** Targets that DeepL wants with a variant, or under another code. */
const TARGETS: Partial<Record<string, string>> = {
  en: "EN-US",
  pt: "PT-BR",
  zh: "ZH-HANS",
  "zh-cn": "ZH-HANS",
  "zh-tw": "ZH-HANT",
  no: "NB",
};

/** babelgram's code -> DeepL's target_lang (en -> EN-US, pt -> PT-BR, zh -> ZH-HANS). */
export function toDeepLTarget(code: string): string {
  const lower = code.toLowerCase();
  return TARGETS[lower] ?? lower.toUpperCase();
}

/** babelgram's code -> DeepL's source_lang, which takes no variants (zh-TW -> ZH, en-GB -> EN). */
export function toDeepLSource(code: string): string {
  const base = code.toLowerCase().split("-")[0] ?? "";
  return base === "no" ? "NB" : base.toUpperCase();
}

/** DeepL's detected_source_language ("EN", "ZH") -> babelgram's code. */
export function fromDeepL(code: string): string {
  const lower = code.toLowerCase();
  return lower === "zh-hant" ? "zh-TW" : (lower.split("-")[0] ?? lower);
}

/** The API's base URL: apiUrl if given, else DeepL API Free for ":fx" keys and Pro otherwise. */
export function deeplBaseUrl(options: Pick<DeepLOptions, "apiKey" | "apiUrl">): string {
  const fallback = options.apiKey.trim().endsWith(":fx") ? DEEPL_FREE_URL : DEEPL_PRO_URL;
  return baseUrl(options.apiUrl, fallback);
}

function kindOf(status: number): ProviderFailure {
  if (status === 456) return "quota";
  // 529: "too many requests" while DeepL is under high load.
  if (status === 529) return "rate";
  if (status === 414) return "too-long";
  // A DEEPL_API_URL that leads nowhere: the operator has to act, and retrying will not help.
  if (status === 404) return "auth";
  return kindOfStatus(status);
}

export function createDeepLTranslator(options: DeepLOptions): Translator {
  const apiKey = options.apiKey.trim();
  const endpoint = `${deeplBaseUrl(options)}/v2/translate`;
  return createProvider({
    name: PROVIDER,
    capabilities: {
      maxTexts: DEEPL_MAX_TEXTS,
      limit: { unit: "bytes", max: DEEPL_TEXT_BYTES },
      autoDetect: true,
      languages: LANGUAGES,
    },
    formality: DEEPL_FORMALITY,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    secrets: [apiKey],
    async call({ texts, source, target, formality, signal }, kit) {
      const { status, body } = await kit.fetchJson(
        endpoint,
        {
          headers: {
            Authorization: `DeepL-Auth-Key ${apiKey}`,
            "Content-Type": "application/json",
          },
          // No source_lang: DeepL detects the language.
          body: JSON.stringify({
            text: texts,
            target_lang: toDeepLTarget(target),
            ...(source === "auto" ? {} : { source_lang: toDeepLSource(source) }),
            // The prefer_ variants: were DeepL to stop supporting a target's formality, "more" and
            // "less" would fail the call (400) where these fall back to the default.
            ...(formality === undefined
              ? {}
              : { formality: formality === "formal" ? "prefer_more" : "prefer_less" }),
          }),
        },
        signal,
      );
      if (status < 200 || status > 299) {
        const said = [field(body, "message"), field(body, "detail")].filter(
          (part): part is string => typeof part === "string" && part !== "",
        );
        throw kit.fail(
          kindOf(status),
          `HTTP ${status}${said.length ? `: ${said.join(" ")}` : ""}`,
          {
            status,
          },
        );
      }
      const translations = field(body, "translations");
      const translated = Array.isArray(translations)
        ? translations.map((item) => field(item, "text"))
        : [];
      if (!Array.isArray(translations) || !translated.every((text) => typeof text === "string")) {
        throw kit.fail("server", `malformed answer (HTTP ${status}): no translations[].text`, {
          status,
        });
      }
      const detected: unknown = field(translations[0], "detected_source_language");
      return {
        texts: translated,
        ...(typeof detected === "string" && detected !== ""
          ? { detected: fromDeepL(detected) }
          : {}),
      };
    },
  });
}

/** DEEPL_API_KEY (and DEEPL_API_URL); undefined when no key is set. */
export function deeplOptionsFromEnv(env: Env): DeepLOptions | undefined {
  const apiKey = envKey(
    env,
    "DEEPL_API_KEY",
    "expected the authentication key from your DeepL account (API Free keys end in :fx)",
  );
  const apiUrl = envUrl(env, "DEEPL_API_URL", DEEPL_PRO_URL);
  if (apiKey === undefined) return undefined;
  return { apiKey, ...(apiUrl === undefined ? {} : { apiUrl }) };
}
