// A local stand-in for Azure AI Translator v3's POST /translate, built from the documented contract
// (/work/shared/notes/translation-providers.md, learn.microsoft.com): api-version=3.0 and `to`
// (and optional `from`) in the query, the key in Ocp-Apim-Subscription-Key and, for a regional
// resource, its region in Ocp-Apim-Subscription-Region, a JSON array of {"Text"} of at most 1,000
// elements and 50,000 characters, errors as {"error":{"code":401000,"message"}} where the code is
// the HTTP status followed by three digits. Its "translation" is `${to}:${Text}`.
import {
  field,
  guessLanguage,
  startHttpStandIn,
  type StandIn,
  type StandInAnswer,
  type StandInRequest,
} from "./http-stand-in.js";

export type AzurePreset =
  "auth" | "quota" | "rate" | "too-long" | "internal" | "unavailable" | "malformed";
export type AzureStandIn = StandIn<AzurePreset>;

const PATH = "/translate";
export const AZURE_TEXTS = 1000;
export const AZURE_CHARS = 50_000;
// prettier-ignore
const LANGUAGES = [
  "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hi", "hu", "id", "it",
  "ja", "ko", "lt", "lv", "nb", "nl", "pl", "pt", "pt-pt", "ro", "ru", "sk", "sl", "sv", "th", "tr",
  "uk", "vi", "zh-Hans", "zh-Hant",
];
/** Language codes are matched without regard to case; answers use the canonical spelling. */
const CANONICAL = new Map(LANGUAGES.map((code) => [code.toLowerCase(), code]));

export function azureError(status: number, code: number | string, message: string): StandInAnswer {
  return { status, body: { error: { code, message } } };
}

const PRESETS: Record<AzurePreset, StandInAnswer> = {
  auth: azureError(
    401,
    401000,
    "The request is not authorized because credentials are missing or invalid.",
  ),
  quota: azureError(
    403,
    403001,
    "The operation is not allowed because the subscription has exceeded its free quota.",
  ),
  rate: azureError(
    429,
    429001,
    "The server rejected the request because the client has exceeded request limits.",
  ),
  "too-long": azureError(400, 400050, "The input text is too long."),
  internal: azureError(500, 500000, "An unexpected error occurred."),
  unavailable: azureError(503, 503000, "Service is temporarily unavailable. Please retry."),
  malformed: { status: 200, body: '[{"detectedLanguage":{"language":"ko","score":1.0},"transl' },
};

/** The Text of every element, in order, when the body is a JSON array of {"Text": string}. */
export function azureTexts(request: StandInRequest | undefined): string[] | undefined {
  const json = request?.json;
  if (!Array.isArray(json)) return undefined;
  const texts = json.map((element) => field(element, "Text"));
  return texts.every((text) => typeof text === "string") ? texts : undefined;
}

export async function startAzureStandIn(
  options: { apiKey?: string; region?: string } = {},
): Promise<AzureStandIn> {
  const apiKey = options.apiKey ?? "stand-in-azure-key";
  const region = options.region?.toLowerCase();

  function answer(request: StandInRequest): StandInAnswer {
    if (request.path !== PATH) return azureError(404, "404", "Resource not found");
    if (request.method !== "POST") {
      return azureError(
        405,
        405000,
        "The request method is not supported for the requested resource.",
      );
    }
    const unauthorized = PRESETS.auth;
    if (request.headers["ocp-apim-subscription-key"] !== apiKey) return unauthorized;
    // A regional resource needs its region; a global one takes none.
    if (region !== undefined) {
      if (request.headers["ocp-apim-subscription-region"]?.toLowerCase() !== region)
        return unauthorized;
    }
    if (request.query.get("api-version") !== "3.0") {
      return azureError(400, 400021, "The API version parameter is missing or invalid.");
    }
    const targets = request.query.getAll("to").map((to) => CANONICAL.get(to.toLowerCase()));
    if (targets.length === 0 || targets.some((to) => to === undefined)) {
      return azureError(400, 400036, "The target language is not valid.");
    }
    const from = request.query.get("from");
    if (from !== null && !CANONICAL.has(from.toLowerCase())) {
      return azureError(400, 400035, "The source language is not valid.");
    }
    const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      return azureError(415, 415000, "The Content-Type header is missing or invalid.");
    }
    if (!Array.isArray(request.json)) {
      return azureError(400, 400074, "The body of the request is not valid JSON.");
    }
    if (request.json.length > AZURE_TEXTS) {
      return azureError(400, 400072, "The array of input text has too many elements.");
    }
    const texts = azureTexts(request);
    if (texts === undefined || texts.length === 0) {
      return azureError(400, 400005, "An input text is missing or invalid.");
    }
    if (texts.some((text) => text.length > AZURE_CHARS)) {
      return azureError(400, 400050, "The input text is too long.");
    }
    // The limit counts every character once per target language.
    if (texts.join("").length * targets.length > AZURE_CHARS) {
      return azureError(400, 400077, "The maximum request size has been exceeded.");
    }
    return {
      status: 200,
      body: texts.map((text) => {
        const detected = guessLanguage(text);
        return {
          ...(from === null
            ? {
                detectedLanguage: {
                  language: detected === "zh" ? "zh-Hans" : detected,
                  score: 1.0,
                },
              }
            : {}),
          translations: targets.map((to) => ({ text: `${to}:${text}`, to })),
        };
      }),
    };
  }

  return startHttpStandIn({ name: "Azure", presets: PRESETS, answer });
}
