// Azure AI Translator v3 (POST /translate?api-version=3.0&to=…[&from=…]). The key goes in
// Ocp-Apim-Subscription-Key, and the resource's region in Ocp-Apim-Subscription-Region (required for
// regional and multi-service resources). Up to 1,000 texts and 50,000 characters per call.
import type { Env } from "../config.js";
import { ConfigError, type ProviderFailure } from "../errors.js";
import { createProvider, kindOfStatus } from "./provider-kit.js";
import { baseUrl, envKey, envUrl, envValue, field } from "./provider-shared.js";
import type { Translator } from "./types.js";

export interface AzureOptions {
  /** One of the two keys of the Translator (or multi-service) resource. */
  apiKey: string;
  /** The resource's region, e.g. "westeurope"; leave out for a global resource. */
  region?: string;
  /** Default https://api.cognitive.microsofttranslator.com */
  apiUrl?: string;
  /** For each HTTP request; default 5000. */
  timeoutMs?: number;
}

export const AZURE_API_URL = "https://api.cognitive.microsofttranslator.com";
/** Azure's documented limits of one request: array elements, and characters over all of them. */
export const AZURE_MAX_TEXTS = 1000;
export const AZURE_CHARS_PER_CALL = 50_000;
const PROVIDER = "azure";

/** babelgram's code -> Azure's (zh -> zh-Hans, zh-TW -> zh-Hant). */
export function toAzure(code: string): string {
  const lower = code.toLowerCase();
  if (lower === "zh" || lower === "zh-cn" || lower === "zh-hans") return "zh-Hans";
  if (lower === "zh-tw" || lower === "zh-hant") return "zh-Hant";
  return lower;
}

/** Azure's detectedLanguage.language -> babelgram's code (zh-Hans -> zh, zh-Hant -> zh-TW). */
export function fromAzure(code: string): string {
  const lower = code.toLowerCase();
  if (lower === "zh-hans") return "zh";
  if (lower === "zh-hant") return "zh-TW";
  return lower;
}

/** Azure's six-digit codes: the HTTP status, then three digits of detail (403001, 400050). */
function kindOf(status: number, code: number | undefined): ProviderFailure {
  if (code === 403001) return "quota";
  if (code === 400050 || code === 400077) return "too-long";
  // 408001: the translation system is being prepared; 408002: timed out reading the request.
  if (status === 408) return "server";
  // A wrong AZURE_TRANSLATOR_URL: the operator has to act.
  if (status === 404) return "auth";
  return kindOfStatus(status);
}

export function createAzureTranslator(options: AzureOptions): Translator {
  const apiKey = options.apiKey.trim();
  const region = options.region?.trim();
  const endpoint = `${baseUrl(options.apiUrl, AZURE_API_URL)}/translate`;
  return createProvider({
    name: PROVIDER,
    capabilities: {
      maxTexts: AZURE_MAX_TEXTS,
      limit: { unit: "chars", max: AZURE_CHARS_PER_CALL },
      autoDetect: true,
      // Over 130 languages, and more every year: better unknown than a partial list.
    },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    secrets: [apiKey],
    async call({ texts, source, target, signal }, kit) {
      const query = new URLSearchParams({ "api-version": "3.0", to: toAzure(target) });
      // No from: Azure detects the language.
      if (source !== "auto") query.set("from", toAzure(source));
      const { status, body } = await kit.fetchJson(
        `${endpoint}?${query.toString()}`,
        {
          headers: {
            "Ocp-Apim-Subscription-Key": apiKey,
            ...(region ? { "Ocp-Apim-Subscription-Region": region } : {}),
            "Content-Type": "application/json; charset=UTF-8",
          },
          body: JSON.stringify(texts.map((text) => ({ Text: text }))),
        },
        signal,
      );
      if (status < 200 || status > 299) {
        const error = field(body, "error");
        const code = field(error, "code");
        const message = field(error, "message");
        const number = typeof code === "number" ? code : Number(code);
        const known = Number.isInteger(number) && number > 0;
        throw kit.fail(
          kindOf(status, known ? number : undefined),
          `HTTP ${status}${known ? ` error ${number}` : ""}${typeof message === "string" ? `: ${message}` : ""}`,
          { status, ...(known ? { code: String(number) } : {}) },
        );
      }
      const translated = Array.isArray(body)
        ? body.map((item) => {
            const translations = field(item, "translations");
            return Array.isArray(translations) ? field(translations[0], "text") : undefined;
          })
        : [];
      if (!Array.isArray(body) || !translated.every((text) => typeof text === "string")) {
        throw kit.fail("server", `malformed answer (HTTP ${status}): no [].translations[].text`, {
          status,
        });
      }
      const detected: unknown = field(field(body[0], "detectedLanguage"), "language");
      return {
        texts: translated,
        ...(typeof detected === "string" && detected !== ""
          ? { detected: fromAzure(detected) }
          : {}),
      };
    },
  });
}

/**
 * AZURE_TRANSLATOR_KEY (with AZURE_TRANSLATOR_REGION and AZURE_TRANSLATOR_URL); undefined when no
 * key is set.
 */
export function azureOptionsFromEnv(env: Env): AzureOptions | undefined {
  const apiKey = envKey(
    env,
    "AZURE_TRANSLATOR_KEY",
    "expected KEY 1 or KEY 2 of your Translator resource (Azure portal, Keys and Endpoint)",
  );
  const region = envValue(env, "AZURE_TRANSLATOR_REGION");
  if (region !== undefined && !/^[A-Za-z0-9-]{2,40}$/.test(region)) {
    throw new ConfigError({
      variable: "AZURE_TRANSLATOR_REGION",
      message: "expected the resource's region, e.g. westeurope (Azure portal, Keys and Endpoint)",
    });
  }
  const apiUrl = envUrl(env, "AZURE_TRANSLATOR_URL", AZURE_API_URL);
  if (apiKey === undefined) return undefined;
  return {
    apiKey,
    ...(region === undefined ? {} : { region }),
    ...(apiUrl === undefined ? {} : { apiUrl }),
  };
}
