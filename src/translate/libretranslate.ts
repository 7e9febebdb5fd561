// LibreTranslate (open source, self-hostable): POST {host}/translate with a JSON body; `q` as an array
// gets arrays back. The optional API key goes in the body (api_key). Limits are the host's own
// (--char-limit, --batch-limit; none by default), so they are settings here, with modest defaults.
import type { Env } from "../config.js";
import { ConfigError, type ProviderFailure } from "../errors.js";
import { createProvider, kindOfStatus } from "./provider-kit.js";
import { baseUrl, envInteger, envKey, envUrl, field } from "./provider-shared.js";
import type { Translator } from "./types.js";

export interface LibreTranslateOptions {
  /** The host, e.g. http://127.0.0.1:5000 or https://libretranslate.com */
  apiUrl: string;
  /** Needed when the host runs with --api-keys. */
  apiKey?: string;
  /** Characters per call, over all its texts (the host's --char-limit); default 5000. */
  charLimit?: number;
  /** Texts per call (the host's --batch-limit); default 25. */
  batchLimit?: number;
  /** For each HTTP request; default 5000. */
  timeoutMs?: number;
}

export const LIBRETRANSLATE_CHAR_LIMIT = 5000;
export const LIBRETRANSLATE_BATCH_LIMIT = 25;
const PROVIDER = "libretranslate";

/**
 * babelgram's code -> LibreTranslate's (Argos Translate's): zh -> zh, zh-TW -> zt. Hosts list theirs
 * at GET /languages.
 */
export function toLibreTranslate(code: string): string {
  const lower = code.toLowerCase();
  if (lower === "zh-cn" || lower === "zh-hans") return "zh";
  if (lower === "zh-tw" || lower === "zh-hant") return "zt";
  return lower;
}

/** LibreTranslate's detected language -> babelgram's code (zt -> zh-TW, pb -> pt). */
export function fromLibreTranslate(code: string): string {
  const lower = code.toLowerCase();
  if (lower === "zt" || lower === "zh-hant") return "zh-TW";
  if (lower === "zh-hans") return "zh";
  if (lower === "pb") return "pt";
  return lower;
}

function kindOf(status: number, message: string): ProviderFailure {
  // 403: "Invalid API key", or this address banned for breaking the host's limits; 400 "… to get an
  // API key" when the host requires one: the operator has to act.
  if (status === 403 || (status === 400 && /api key/i.test(message))) return "auth";
  // "Invalid request: request (N) exceeds text limit (M)", for characters and for texts alike.
  // (429 "Slowdown: …" is a rate limit, as the kit says.)
  if (status === 400 && /exceeds .*limit/i.test(message)) return "too-long";
  // A LIBRETRANSLATE_URL that leads nowhere.
  if (status === 404) return "auth";
  return kindOfStatus(status);
}

export function createLibreTranslateTranslator(options: LibreTranslateOptions): Translator {
  const apiKey = options.apiKey?.trim() || undefined;
  const endpoint = `${baseUrl(options.apiUrl, "")}/translate`;
  return createProvider({
    name: PROVIDER,
    capabilities: {
      maxTexts: options.batchLimit ?? LIBRETRANSLATE_BATCH_LIMIT,
      limit: { unit: "chars", max: options.charLimit ?? LIBRETRANSLATE_CHAR_LIMIT },
      autoDetect: true,
      // Each host has its own models (GET /languages): unknown up front.
    },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    secrets: apiKey === undefined ? [] : [apiKey],
    async call({ texts, source, target, signal }, kit) {
      const { status, body } = await kit.fetchJson(
        endpoint,
        {
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            q: texts,
            source: source === "auto" ? "auto" : toLibreTranslate(source),
            target: toLibreTranslate(target),
            format: "text",
            ...(apiKey === undefined ? {} : { api_key: apiKey }),
          }),
        },
        signal,
      );
      if (status < 200 || status > 299) {
        const error = field(body, "error");
        const message = typeof error === "string" ? error : "";
        throw kit.fail(kindOf(status, message), `HTTP ${status}${message ? `: ${message}` : ""}`, {
          status,
        });
      }
      const translated = field(body, "translatedText");
      if (!Array.isArray(translated) || !translated.every((text) => typeof text === "string")) {
        throw kit.fail("server", `malformed answer (HTTP ${status}): no translatedText array`, {
          status,
        });
      }
      // An array (one per text) for an array q; a single object on older hosts.
      const detectedLanguage = field(body, "detectedLanguage");
      const first: unknown = Array.isArray(detectedLanguage)
        ? detectedLanguage[0]
        : detectedLanguage;
      const detected = field(first, "language");
      return {
        texts: translated,
        ...(typeof detected === "string" && detected !== ""
          ? { detected: fromLibreTranslate(detected) }
          : {}),
      };
    },
  });
}

/**
 * LIBRETRANSLATE_URL (with LIBRETRANSLATE_API_KEY, LIBRETRANSLATE_CHAR_LIMIT and
 * LIBRETRANSLATE_BATCH_LIMIT); undefined when no URL is set.
 */
export function libreTranslateOptionsFromEnv(env: Env): LibreTranslateOptions | undefined {
  const apiUrl = envUrl(env, "LIBRETRANSLATE_URL", "http://127.0.0.1:5000");
  const apiKey = envKey(
    env,
    "LIBRETRANSLATE_API_KEY",
    "expected the API key the LibreTranslate host gave you",
  );
  const charLimit = envInteger(env, "LIBRETRANSLATE_CHAR_LIMIT", { min: 100, max: 1_000_000 });
  const batchLimit = envInteger(env, "LIBRETRANSLATE_BATCH_LIMIT", { min: 1, max: 1000 });
  if (apiUrl === undefined) {
    if (apiKey === undefined) return undefined;
    throw new ConfigError({
      variable: "LIBRETRANSLATE_URL",
      message: "is not set, but LIBRETRANSLATE_API_KEY is; set the LibreTranslate host's address",
    });
  }
  return {
    apiUrl,
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(charLimit === undefined ? {} : { charLimit }),
    ...(batchLimit === undefined ? {} : { batchLimit }),
  };
}
