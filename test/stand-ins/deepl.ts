// A local stand-in for DeepL's POST /v2/translate, built from the documented contract
// (/work/shared/notes/translation-providers.md, developers.deepl.com): the key only in
// `Authorization: DeepL-Auth-Key <key>` (a key in the query or the body is refused with 403, as DeepL
// does since January 2026), JSON or form bodies, `text` as an array of at most 50, 128 KiB per
// request, upper-case language codes, errors as {"message": "..."}. Its "translation" is
// `${TARGET_LANG}:${text}`, so that tests can see which target was asked, with `formal:` or
// `informal:` before it when `formality` applied. `formality` is default, more, less, prefer_more
// or prefer_less; more and less fail (400) for a target without formality, the prefer_ variants
// fall back to the default there, as DeepL documents.
import {
  field,
  guessLanguage,
  isStringArray,
  startHttpStandIn,
  type StandIn,
  type StandInAnswer,
  type StandInRequest,
} from "./http-stand-in.js";

export type DeepLPreset =
  "auth" | "quota" | "rate" | "busy" | "too-large" | "internal" | "unavailable" | "malformed";
export type DeepLStandIn = StandIn<DeepLPreset>;

export interface DeepLParams {
  text: string[];
  target_lang: string | undefined;
  source_lang: string | undefined;
  formality: string | undefined;
  auth_key: string | undefined;
}

const PATH = "/v2/translate";
export const DEEPL_REQUEST_BYTES = 128 * 1024;
export const DEEPL_TEXTS = 50;
// prettier-ignore
const SOURCES = new Set([
  "AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "HE", "HU", "ID", "IT", "JA",
  "KO", "LT", "LV", "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TH", "TR", "UK", "VI",
  "ZH",
]);
// EN, PT and ZH are still accepted as targets (unspecified variant, for backward compatibility).
// prettier-ignore
const TARGETS = new Set([
  ...SOURCES,
  "EN-GB", "EN-US", "ES-419", "PT-BR", "PT-PT", "ZH-HANS", "ZH-HANT",
]);

/** The targets DeepL documents `formality` for. */
// prettier-ignore
const FORMALITY_TARGETS = new Set([
  "DE", "FR", "IT", "ES", "NL", "PL", "PT-BR", "PT-PT", "JA", "RU",
]);
const FORMALITIES = new Set(["default", "more", "less", "prefer_more", "prefer_less"]);

const message = (status: number, text: string): StandInAnswer => ({
  status,
  body: { message: text },
});

const PRESETS: Record<DeepLPreset, StandInAnswer> = {
  auth: message(403, "Authorization failure, check auth_key"),
  quota: message(456, "Quota Exceeded"),
  rate: message(429, "Too many requests"),
  busy: message(529, "Too many requests, DeepL servers are currently experiencing high load"),
  "too-large": message(413, "Request Entity Too Large"),
  internal: message(500, "Internal server error"),
  unavailable: message(503, "Service unavailable"),
  malformed: { status: 200, body: '{"translations":[{"detected_source_language":"EN","te' },
};

/** The request's parameters, from a JSON or a form body; undefined for any other body. */
function paramsOf(request: StandInRequest): DeepLParams | undefined {
  const string = (value: unknown) => (typeof value === "string" ? value : undefined);
  if (request.form !== undefined) {
    return {
      text: request.form.getAll("text"),
      target_lang: request.form.get("target_lang") ?? undefined,
      source_lang: request.form.get("source_lang") ?? undefined,
      formality: request.form.get("formality") ?? undefined,
      auth_key: request.form.get("auth_key") ?? undefined,
    };
  }
  const json = request.json;
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const text = field(json, "text");
  return {
    // JSON bodies take text as an array; a lone string is not accepted.
    text: isStringArray(text) ? text : [],
    target_lang: string(field(json, "target_lang")),
    source_lang: string(field(json, "source_lang")),
    formality: string(field(json, "formality")),
    auth_key: string(field(json, "auth_key")),
  };
}

/** The parameters of a request as the stand-in read them (for assertions). */
export function deeplParams(request: StandInRequest | undefined): DeepLParams | undefined {
  return request === undefined ? undefined : paramsOf(request);
}

const legacy = (where: string) =>
  message(
    403,
    `Legacy authentication method '${where}' is no longer supported. Please update to header-based authentication.`,
  );

export async function startDeepLStandIn(options: { authKey?: string } = {}): Promise<DeepLStandIn> {
  const authKey = options.authKey ?? "stand-in-deepl-key:fx";

  function answer(request: StandInRequest): StandInAnswer {
    if (request.path !== PATH) return message(404, "Not found");
    if (request.method !== "POST") return message(405, "Method not allowed");
    if (request.query.has("auth_key")) return legacy("query parameter");
    const params = paramsOf(request);
    if (params?.auth_key !== undefined) return legacy("form body");
    if (request.headers.authorization !== `DeepL-Auth-Key ${authKey}`) {
      return message(403, "Authorization failure, check auth_key");
    }
    if (Buffer.byteLength(request.raw, "utf8") > DEEPL_REQUEST_BYTES) {
      return message(413, "Request Entity Too Large");
    }
    if (params === undefined) return message(400, "Bad request. Reason: invalid request body");
    if (params.text.length === 0) return message(400, "Parameter 'text' not specified.");
    if (params.text.length > DEEPL_TEXTS) {
      return message(400, `Too many texts: at most ${DEEPL_TEXTS} per request`);
    }
    const target = params.target_lang?.toUpperCase();
    if (target === undefined) return message(400, "Parameter 'target_lang' not specified.");
    if (!TARGETS.has(target)) return message(400, "Value for 'target_lang' not supported.");
    const source = params.source_lang?.toUpperCase();
    if (source !== undefined && !SOURCES.has(source)) {
      return message(400, "Value for 'source_lang' not supported.");
    }
    const formality = params.formality;
    if (formality !== undefined && !FORMALITIES.has(formality)) {
      return message(400, "Value for 'formality' not supported.");
    }
    const hasFormality = FORMALITY_TARGETS.has(target);
    if ((formality === "more" || formality === "less") && !hasFormality) {
      return message(400, "'formality' is not supported for given 'target_lang'.");
    }
    const register =
      !hasFormality || formality === undefined || formality === "default"
        ? ""
        : formality.endsWith("more")
          ? "formal:"
          : "informal:";
    return {
      status: 200,
      body: {
        translations: params.text.map((text) => ({
          detected_source_language: source ?? guessLanguage(text).toUpperCase(),
          text: `${register}${target}:${text}`,
        })),
      },
    };
  }

  return startHttpStandIn({ name: "DeepL", presets: PRESETS, answer });
}
