// A local stand-in for Google Cloud Translation - Basic (v2), built from the documented contract
// (/work/shared/notes/translation-providers.md, cloud.google.com/translate): POST
// /language/translate/v2 with the API key in `?key=` (or the x-goog-api-key header), parameters in a
// JSON body (or the query), `q` as a string or an array of at most 128, requests of at most 100 KB,
// `format` html by default (entities escaped in the answer), errors in Google's envelope
// {"error":{"code","message","errors":[{"reason"}],"status"}}. Its "translation" is
// `${target}:${text}`, so that tests can see which target was asked.
import {
  field,
  guessLanguage,
  isStringArray,
  startHttpStandIn,
  type StandIn,
  type StandInAnswer,
  type StandInRequest,
} from "./http-stand-in.js";

export type GooglePreset =
  | "auth"
  | "forbidden"
  | "daily-limit"
  | "user-rate"
  | "too-many-requests"
  | "internal"
  | "unavailable"
  | "malformed";
export type GoogleStandIn = StandIn<GooglePreset>;

export interface GoogleParams {
  q: string[];
  target: string | undefined;
  source: string | undefined;
  format: string | undefined;
}

const PATH = "/language/translate/v2";
export const GOOGLE_REQUEST_BYTES = 102_400;
export const GOOGLE_TEXTS = 128;
// prettier-ignore
const LANGUAGES = new Set([
  "af", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr",
  "he", "hi", "hr", "hu", "id", "is", "it", "iw", "ja", "jv", "jw", "ko", "lt", "lv", "ms", "nl",
  "no", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv", "sw", "ta", "th", "tl", "tr", "uk", "ur",
  "vi", "zh", "zh-CN", "zh-TW",
]);

/** Google's error envelope; ErrorInfo details are added when a reason of that kind is given. */
export function googleError(
  code: number,
  status: string,
  message: string,
  reason: string,
  detail?: string,
): StandInAnswer {
  return {
    status: code,
    body: {
      error: {
        code,
        message,
        errors: [{ message, domain: "global", reason }],
        status,
        ...(detail === undefined
          ? {}
          : {
              details: [
                {
                  "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                  reason: detail,
                  domain: "googleapis.com",
                  metadata: { service: "translate.googleapis.com" },
                },
              ],
            }),
      },
    },
  };
}

const INVALID_KEY = googleError(
  400,
  "INVALID_ARGUMENT",
  "API key not valid. Please pass a valid API key.",
  "badRequest",
  "API_KEY_INVALID",
);

const PRESETS: Record<GooglePreset, StandInAnswer> = {
  auth: INVALID_KEY,
  forbidden: googleError(
    403,
    "PERMISSION_DENIED",
    "Cloud Translation API has not been used in project 0 before or it is disabled.",
    "accessNotConfigured",
    "SERVICE_DISABLED",
  ),
  "daily-limit": googleError(
    403,
    "PERMISSION_DENIED",
    "Daily Limit Exceeded",
    "dailyLimitExceeded",
  ),
  "user-rate": googleError(
    403,
    "PERMISSION_DENIED",
    "User Rate Limit Exceeded",
    "userRateLimitExceeded",
  ),
  "too-many-requests": googleError(
    429,
    "RESOURCE_EXHAUSTED",
    "Quota exceeded for quota metric 'v2 and v3 general model characters' and limit 'v2 and v3 general model characters per minute per user'.",
    "rateLimitExceeded",
    "RATE_LIMIT_EXCEEDED",
  ),
  internal: googleError(500, "INTERNAL", "Internal error encountered.", "backendError"),
  unavailable: googleError(
    503,
    "UNAVAILABLE",
    "The service is currently unavailable.",
    "backendError",
  ),
  malformed: { status: 200, body: '{"data":{"translations":[{"translatedText":"Hel' },
};

function paramsOf(request: StandInRequest): GoogleParams {
  const json = request.json;
  if (typeof json === "object" && json !== null && !Array.isArray(json)) {
    const q = field(json, "q");
    const string = (value: unknown) => (typeof value === "string" ? value : undefined);
    return {
      q: typeof q === "string" ? [q] : isStringArray(q) ? q : [],
      target: string(field(json, "target")),
      source: string(field(json, "source")),
      format: string(field(json, "format")),
    };
  }
  // Parameters may also come as a form body or in the query string.
  const params = request.form ?? request.query;
  return {
    q: params.getAll("q"),
    target: params.get("target") ?? undefined,
    source: params.get("source") ?? undefined,
    format: params.get("format") ?? undefined,
  };
}

/** The parameters of a request as the stand-in read them (for assertions). */
export function googleParams(request: StandInRequest | undefined): GoogleParams | undefined {
  return request === undefined ? undefined : paramsOf(request);
}

const escapeHtml = (text: string) =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");

export async function startGoogleStandIn(
  options: { apiKey?: string } = {},
): Promise<GoogleStandIn> {
  const apiKey = options.apiKey ?? "stand-in-google-key";

  function answer(request: StandInRequest): StandInAnswer {
    if (request.path !== PATH || (request.method !== "POST" && request.method !== "GET")) {
      return { status: 404, body: "<!DOCTYPE html><title>Error 404 (Not Found)!!1</title>" };
    }
    const key = request.query.get("key") ?? request.headers["x-goog-api-key"];
    if (key === undefined || key === null) {
      return googleError(
        403,
        "PERMISSION_DENIED",
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        "forbidden",
      );
    }
    if (key !== apiKey) return INVALID_KEY;
    if (Buffer.byteLength(request.raw, "utf8") > GOOGLE_REQUEST_BYTES) {
      return googleError(
        400,
        "INVALID_ARGUMENT",
        `Request payload size exceeds the limit: ${GOOGLE_REQUEST_BYTES} bytes.`,
        "badRequest",
      );
    }
    const params = paramsOf(request);
    if (params.q.length === 0)
      return googleError(400, "INVALID_ARGUMENT", "Required Text", "required");
    if (params.q.length > GOOGLE_TEXTS) {
      return googleError(400, "INVALID_ARGUMENT", "Too many text segments", "invalid");
    }
    if (params.target === undefined) {
      return googleError(400, "INVALID_ARGUMENT", "Required Target", "required");
    }
    if (!LANGUAGES.has(params.target)) {
      return googleError(400, "INVALID_ARGUMENT", "Invalid Value", "invalid");
    }
    if (params.source !== undefined && !LANGUAGES.has(params.source)) {
      return googleError(
        400,
        "INVALID_ARGUMENT",
        `Bad language pair: ${params.source}|${params.target}`,
        "invalid",
      );
    }
    const format = params.format ?? "html";
    if (format !== "html" && format !== "text") {
      return googleError(400, "INVALID_ARGUMENT", "Invalid Value", "invalid");
    }
    const { target, source } = params;
    return {
      status: 200,
      body: {
        data: {
          translations: params.q.map((text) => {
            const detected = guessLanguage(text);
            return {
              translatedText: `${target}:${format === "html" ? escapeHtml(text) : text}`,
              // Only when Google was asked to detect.
              ...(source === undefined
                ? { detectedSourceLanguage: detected === "zh" ? "zh-CN" : detected }
                : {}),
            };
          }),
        },
      },
    };
  }

  return startHttpStandIn({ name: "Google", presets: PRESETS, answer });
}
