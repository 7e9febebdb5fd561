// A local stand-in for a LibreTranslate host's POST /translate, built from its documented contract
// and source (/work/shared/notes/translation-providers.md, libretranslate.com/docs): JSON or form
// bodies with q (a string, or an array that gets arrays back), source ("auto" or a code), target,
// format, and api_key; the host's --char-limit (per text) and --batch-limit answered with
// 400 "Invalid request: request (N) exceeds text limit (M)"; errors as {"error": "..."} with 400,
// 403 (invalid key, banned), 429 ("Slowdown: ...") and 500. Its "translation" is `${target}:${text}`.
import {
  field,
  guessLanguage,
  isStringArray,
  startHttpStandIn,
  type StandIn,
  type StandInAnswer,
  type StandInRequest,
} from "./http-stand-in.js";

export type LibreTranslatePreset =
  "invalid-key" | "banned" | "key-required" | "slowdown" | "too-long" | "internal" | "malformed";
export type LibreTranslateStandIn = StandIn<LibreTranslatePreset>;

export interface LibreTranslateParams {
  /** q as sent: a string or an array of strings (undefined when missing or of another type). */
  q: string | string[] | undefined;
  source: string | undefined;
  target: string | undefined;
  format: string | undefined;
  api_key: string | undefined;
}

export interface LibreTranslateHost {
  /** Keys the host knows (it runs with --api-keys); an unknown key is refused with 403. */
  apiKeys?: string[];
  /** Whether a request without a key is refused (--require-api-key-origin and the like). */
  requireKey?: boolean;
  /** --char-limit: the most characters of one text; default none. */
  charLimit?: number;
  /** --batch-limit: the most texts of one request; default none. */
  batchLimit?: number;
}

const PATH = "/translate";
// prettier-ignore
const LANGUAGES = new Set([
  "ar", "de", "en", "es", "fr", "hi", "id", "it", "ja", "ko", "nl", "pb", "pl", "pt", "ru", "sv",
  "th", "tr", "uk", "vi", "zh", "zt",
]);

const error = (status: number, message: string): StandInAnswer => ({
  status,
  body: { error: message },
});
const exceeds = (size: number, limit: number) =>
  error(400, `Invalid request: request (${size}) exceeds text limit (${limit})`);

const PRESETS: Record<LibreTranslatePreset, StandInAnswer> = {
  "invalid-key": error(403, "Invalid API key"),
  banned: error(403, "Too many request limits violations"),
  "key-required": error(400, "Please contact the server operator to get an API key"),
  slowdown: error(429, "Slowdown: 20 per 1 minute"),
  "too-long": exceeds(6000, 5000),
  internal: error(500, "Cannot translate text: CUDA out of memory"),
  malformed: { status: 200, body: '{"translatedText":["Hel' },
};

function paramsOf(request: StandInRequest): LibreTranslateParams | undefined {
  const string = (value: unknown) => (typeof value === "string" ? value : undefined);
  if (request.json !== undefined) {
    const json = request.json;
    if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
    const q = field(json, "q");
    return {
      q: typeof q === "string" || isStringArray(q) ? q : undefined,
      source: string(field(json, "source")),
      target: string(field(json, "target")),
      format: string(field(json, "format")),
      api_key: string(field(json, "api_key")),
    };
  }
  // Form bodies carry a single q.
  const params = request.form ?? new URLSearchParams();
  return {
    q: params.get("q") ?? undefined,
    source: params.get("source") ?? undefined,
    target: params.get("target") ?? undefined,
    format: params.get("format") ?? undefined,
    api_key: params.get("api_key") ?? undefined,
  };
}

/** The parameters of a request as the stand-in read them (for assertions). */
export function libreTranslateParams(
  request: StandInRequest | undefined,
): LibreTranslateParams | undefined {
  return request === undefined ? undefined : paramsOf(request);
}

/** q as a list, whatever shape it was sent in. */
export function libreTranslateTexts(request: StandInRequest | undefined): string[] {
  const q = libreTranslateParams(request)?.q;
  return q === undefined ? [] : typeof q === "string" ? [q] : q;
}

export async function startLibreTranslateStandIn(
  host: LibreTranslateHost = {},
): Promise<LibreTranslateStandIn> {
  function answer(request: StandInRequest): StandInAnswer {
    if (request.path !== PATH) {
      return { status: 404, body: "<!doctype html><title>404 Not Found</title><h1>Not Found</h1>" };
    }
    if (request.method !== "POST") {
      return { status: 405, body: "<!doctype html><title>405 Method Not Allowed</title>" };
    }
    const params = paramsOf(request);
    if (params === undefined) return error(400, "Invalid JSON format");
    // The host's access check comes before the parameters are read.
    if (host.apiKeys !== undefined) {
      const key = params.api_key;
      if (key !== undefined && key !== "" && !host.apiKeys.includes(key)) {
        return error(403, "Invalid API key");
      }
      if ((key === undefined || key === "") && host.requireKey === true) {
        return PRESETS["key-required"];
      }
    }
    const { q, source, target } = params;
    if (q === undefined || q.length === 0) {
      return error(400, "Invalid request: missing q parameter");
    }
    if (!source) return error(400, "Invalid request: missing source parameter");
    if (!target) return error(400, "Invalid request: missing target parameter");
    const batch = Array.isArray(q);
    const texts = batch ? q : [q];
    if (batch && host.batchLimit !== undefined && texts.length > host.batchLimit) {
      return exceeds(texts.length, host.batchLimit);
    }
    if (host.charLimit !== undefined) {
      const over = texts.find((text) => text.length > (host.charLimit ?? Infinity));
      if (over !== undefined) return exceeds(over.length, host.charLimit);
    }
    // One language is detected for all the texts of a request.
    const detected =
      source === "auto" ? { confidence: 90, language: guessLanguage(texts.join(" ")) } : undefined;
    const from = detected?.language ?? source;
    if (!LANGUAGES.has(from)) return error(400, `${source} is not supported`);
    if (!LANGUAGES.has(target)) return error(400, `${target} is not supported`);
    const format = params.format || "text";
    if (format !== "text" && format !== "html") {
      return error(400, `${format} format is not supported`);
    }
    const translated = texts.map((text) => `${target}:${text}`);
    return {
      status: 200,
      body: batch
        ? {
            translatedText: translated,
            ...(detected === undefined ? {} : { detectedLanguage: texts.map(() => detected) }),
          }
        : {
            translatedText: translated[0],
            ...(detected === undefined ? {} : { detectedLanguage: detected }),
          },
    };
  }

  return startHttpStandIn({ name: "LibreTranslate", presets: PRESETS, answer });
}
